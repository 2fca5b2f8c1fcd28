import type { enPages } from './en.ts';

/** Every staff page text key: the English file names them, each other locale has them all. */
export type PageTexts = Readonly<Record<keyof typeof enPages, string>>;
