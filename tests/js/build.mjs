// Bundles the test pages' scripts (and the SDKs they use) into IIFEs under build/.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Output path of each bundle, keyed by name; the entry is browser/<name>.js. */
export const BUNDLES = {
  app: join(here, 'build', 'app.js'),
  amplify: join(here, 'build', 'amplify.js'),
};

export async function bundleAll() {
  for (const [name, outfile] of Object.entries(BUNDLES)) {
    await build({
      entryPoints: [join(here, 'browser', `${name}.js`)],
      outfile,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      sourcemap: 'inline',
      logLevel: 'warning',
    });
  }
  return Object.values(BUNDLES);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const out of await bundleAll()) console.log(`bundled ${out}`);
}
