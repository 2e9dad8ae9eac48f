// The options every verb that runs a container shares (record, verify, check): which engine, and
// how the run is driven and ended.
import { Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import { parseDuration, parsePort } from './duration.js';

export interface ContainerOptions {
  engine?: 'docker' | 'podman';
  exercise?: string;
  readyPort?: number;
  readyCmd?: string;
  readyDelay?: number;
  duration?: number;
}

/** The options above that mean nothing without --engine. */
const CONTAINER_ONLY = ['exercise', 'readyPort', 'readyCmd', 'readyDelay', 'duration'] as const;

/** A host run given a container-only option: a usage error naming the option. */
export function assertNoContainerOnlyOptions(options: ContainerOptions): void {
  for (const flag of CONTAINER_ONLY) {
    if (options[flag] !== undefined) throw new InputError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --engine docker|podman`);
  }
}

export interface ContainerOptionsHelp {
  /** What --engine does for this verb. */
  engine: string;
  /** What the exercise command's outcome means for this verb. */
  exercise: string;
}

export function addContainerOptions(command: Command, help: ContainerOptionsHelp): Command {
  return command
    .addOption(new Option('--engine <engine>', help.engine).choices(['docker', 'podman']))
    .option('--exercise <cmd>', `host command run once the container is ready; ${help.exercise}, and the container stops when it ends`)
    .addOption(new Option('--ready-port <port>', 'wait until this TCP port accepts connections before --exercise').argParser(parsePort))
    .option('--ready-cmd <cmd>', 'wait until this host command succeeds before --exercise')
    .addOption(new Option('--ready-delay <duration>', 'wait this long before --exercise').argParser((v) => parseDuration(v, '--ready-delay')))
    .addOption(new Option('--duration <duration>', 'stop the container after this long (e.g. 5m)').argParser((v) => parseDuration(v)));
}
