// A long trace streaming through the parser leaves each chunk's lines alive at every scavenge, and V8
// answers by doubling the young generation up to 16 MB semi-spaces: about 45 MB more RSS for no
// speed. Keeping it at its start size holds `learn` on a 1 GB log under 100 MB. Imported first by cli.ts.
import v8 from 'node:v8';

v8.setFlagsFromString('--semi-space-growth-factor=1');
