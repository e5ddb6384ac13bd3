export {
  type ArticleUsageRow,
  type ExportFormat,
  exportArticles,
  toCsv,
  toJsonl,
  usageCsv,
} from './export.ts';
export { createImporter, type Importer, importArticles } from './importer.ts';
export * from './types.ts';
