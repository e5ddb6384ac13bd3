/**
 * Editing the helpdesk's own editor from the content script: find it, read its text, insert and replace text the
 * way the editor itself accepts (one undo step, model kept in sync). No dependencies; DOM APIs and events only.
 */
export { detectEditor, type EditorKind, editableRoot, findEditable, isLive } from './editor-kind.ts';
export {
  type InsertOptions,
  type InsertProblem,
  type InsertResult,
  insertText,
  replaceText,
  selectionSpan,
  type TextSpan,
  textBeforeCaret,
} from './insert.ts';
export { DELETE_STRATEGIES, STRATEGIES, type StrategyName } from './strategies.ts';
export { buildTextMap, type DomPosition, readText, type TextMap } from './text-map.ts';
