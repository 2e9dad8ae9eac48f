import { execa } from 'execa';

/** How engine code starts processes; tests of the real engines pass execa itself. */
export type Runner = typeof execa;

export const defaultRunner: Runner = execa;
