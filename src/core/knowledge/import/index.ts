export { type ExportFormat, exportArticles, toCsv, toJsonl } from './export.ts';
export { createImporter, type Importer, importArticles } from './importer.ts';
export * from './types.ts';
