export * from './errors.js';
export * from './strace/events.js';
export * from './profile/model.js';
export { writeDockerProfile } from './profile/write/docker.js';
