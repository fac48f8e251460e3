import type { BundledFiles } from '@zuofeng/manifest';

/** The residents' form as `npm run build:form` writes it, bundled with the feedback function as `form/`. */
export const FORM_FILES: BundledFiles = { from: 'packages/form/dist', to: 'form' };

/** The PDF poster's CJK font (see domain/poster-font.ts for the choice), beside the bundle under its own name. */
export const POSTER_FONT = {
  /** Where the font is in the source tree, relative to the repository root: what a bundle must carry. */
  from: 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  /** Where a Lambda bundle carries it, relative to the bundle's own folder. */
  to: 'NotoSansSC_400Regular.ttf',
} as const satisfies BundledFiles;
