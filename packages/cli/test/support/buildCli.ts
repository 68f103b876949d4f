// Builds the CLI with its own tsup config into the folder given as the first
// argument (run with the package as the working directory), and prints the
// build's warnings as JSON. Unlike `pnpm build` it takes the workspace packages
// from their sources into the bundle, so nothing else need be built first, and
// it writes no declarations.
import { build, type Options } from 'tsup';
import config from '../../tsup.config';

const outDir = process.argv[2];
if (outDir === undefined) throw new Error('usage: buildCli.ts <outDir>');
const warnings: string[] = [];
await build({
  ...(config as Options),
  outDir,
  dts: false,
  sourcemap: false,
  silent: true,
  noExternal: [/^@redress\//],
  esbuildOptions(options) {
    options.conditions = ['@redress/source'];
  },
  esbuildPlugins: [
    {
      name: 'collect-warnings',
      setup(b) {
        b.onEnd((result) => {
          for (const w of result.warnings)
            warnings.push(`${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`);
        });
      },
    },
  ],
});
console.log(JSON.stringify({ warnings }));
