import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/**
 * The fonts the console ships (@fontsource Noto Sans, from the npm registry), so that Thai, Lao, Khmer,
 * Burmese, Tamil and Chinese render on a system with no fonts of its own. Each `@font-face` carries its
 * `unicode-range`: a browser downloads only the files for the characters a page shows.
 */
const PACKAGES: { name: string; subsets: RegExp; weights?: number[] }[] = [
  { name: '@fontsource/noto-sans', subsets: /^(latin|latin-ext|vietnamese)$/u },
  { name: '@fontsource/noto-sans-thai', subsets: /^thai$/u },
  { name: '@fontsource/noto-sans-lao', subsets: /^lao$/u },
  { name: '@fontsource/noto-sans-khmer', subsets: /^khmer$/u },
  { name: '@fontsource/noto-sans-myanmar', subsets: /^myanmar$/u },
  { name: '@fontsource/noto-sans-tamil', subsets: /^tamil$/u },
  // Chinese comes in numbered slices of the Han range (their Latin slices are Noto Sans's already), in one
  // weight: the browser draws bold from it, and the stylesheet stays half as long.
  { name: '@fontsource/noto-sans-sc', subsets: /^\[\d+\]$/u, weights: [400] },
  { name: '@fontsource/noto-sans-tc', subsets: /^\[\d+\]$/u, weights: [400] },
];
const WEIGHTS = [400, 700];

/** The font stylesheet and the font files it refers to (`/assets/fonts/<file>` -> path on disk). */
export interface FontAssets {
  css: string;
  files: Map<string, string>;
}

/** Reads the @fontsource stylesheets once and rewrites them to the console's URLs (woff2 only). */
export function loadFonts(): FontAssets {
  const require = createRequire(import.meta.url);
  const files = new Map<string, string>();
  const rules: string[] = [];
  for (const pkg of PACKAGES) {
    let dir: string;
    try {
      dir = dirname(require.resolve(`${pkg.name}/package.json`));
    } catch {
      continue; // A package missing from node_modules: that script falls back to the system's fonts.
    }
    const prefix = basename(pkg.name);
    for (const weight of pkg.weights ?? WEIGHTS) {
      const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
      for (const block of css.split(/(?=\/\*)/u)) {
        const name = /\/\*\s*([^*]+?)\s*\*\//u.exec(block)?.[1] ?? '';
        // "noto-sans-khmer-khmer-400-normal": the subset is what lies between the family and the weight.
        const subset = name.slice(prefix.length + 1).replace(/-\d+-normal$/u, '');
        if (!subset || !pkg.subsets.test(subset)) continue;
        const file = /url\(\.\/files\/([^)]+\.woff2)\)/u.exec(block)?.[1];
        if (!file) continue;
        files.set(file, join(dir, 'files', file));
        rules.push(block.replace(/src:[^;]+;/u, `src: url(/assets/fonts/${file}) format('woff2');`).trim());
      }
    }
  }
  return { css: `${rules.join('\n')}\n`, files };
}
