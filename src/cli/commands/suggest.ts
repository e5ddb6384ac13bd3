/**
 * `deskmate suggest`: ranks a knowledge base's answers for customer messages, as the side panel would — for
 * measuring the ranking on one's own data.
 *
 *   deskmate suggest --kb KB --queries Q.jsonl [--learn L.jsonl] [--top N] [--lang xx] [--threshold T]
 *                    [--synonyms S.json]
 *
 * KB is any importable file; Q.jsonl lines are {"id", "text"[, "lang"]}; L.jsonl lines are {"text", "articleId"},
 * accepted suggestions learned before querying. Prints one line per query: {"id", "results": [{"id", "score"}]},
 * best first; `results` is empty when no answer clears the confidence threshold. S.json is the client's synonym
 * groups, as the `knowledge.synonyms` setting holds them: [["refund", "money back"], …].
 */
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { KnowledgeIndex } from '../../core/knowledge/index.ts';
import { findSetting, validateSetting } from '../../core/settings/definitions.ts';
import { issueDotPath, issueMessage } from '../../core/validation.ts';
import {
  type CliCommand,
  CliError,
  type CliIO,
  forEachJsonlLine,
  printJson,
  readJsonFile,
} from '../cli-kit.ts';
import { usageOf } from './catalog.ts';
import { loadKnowledgeBase } from './kb.ts';

const usage = usageOf('suggest');

const QueryLine = v.object({
  id: v.union([v.string(), v.number()], 'id must be a string or a number'),
  text: v.string('text must be a string'),
  lang: v.optional(v.string('lang must be a string')),
});

const LearnLine = v.object({
  text: v.pipe(v.string('text must be a string'), v.nonEmpty('text must not be empty')),
  articleId: v.pipe(v.union([v.string(), v.number()], 'articleId must be a string'), v.transform(String)),
  lang: v.optional(v.string('lang must be a string')),
});

export const suggestCommand: CliCommand = {
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        kb: { type: 'string' },
        queries: { type: 'string' },
        learn: { type: 'string' },
        top: { type: 'string', default: '3' },
        lang: { type: 'string' },
        threshold: { type: 'string' },
        synonyms: { type: 'string' },
      },
    });
    if (!values.kb || !values.queries) throw new CliError(`--kb and --queries are required\nusage: ${usage}`);
    const top = Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new CliError('--top must be a positive integer');
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) {
      throw new CliError('--threshold must be a number between 0 and 1');
    }

    const articles = await loadKnowledgeBase(values.kb, io);
    const synonyms = values.synonyms ? await readSynonyms(values.synonyms, io) : [];
    const index = KnowledgeIndex.build(articles, { synonyms });

    if (values.learn) {
      const examples = await readJsonl(values.learn, LearnLine, io);
      for (const { line, value } of examples) {
        if (!index.has(value.articleId)) {
          throw new CliError(
            `${values.learn}: line ${line}: articleId names no article of the knowledge base`,
          );
        }
      }
      index.learnBatch(
        examples.map(({ value }) => ({
          text: value.text,
          articleId: value.articleId,
          ...((value.lang ?? values.lang) ? { language: value.lang ?? values.lang } : {}),
        })),
      );
    }

    for (const { value } of await readJsonl(values.queries, QueryLine, io)) {
      const language = value.lang ?? values.lang;
      const results = index.suggest(value.text, {
        limit: top,
        ...(language ? { language } : {}),
        ...(threshold === undefined ? {} : { threshold }),
      });
      printJson(io, {
        id: value.id,
        results: results.map((result) => ({ id: result.articleId, score: result.score })),
      });
    }
    return 0;
  },
};

/**
 * Reads a JSONL input line by line as it streams, validating each line; the first bad line stops with its
 * number and what is wrong (never the line's text).
 */
async function readJsonl<T extends v.GenericSchema>(
  path: string,
  schema: T,
  io: CliIO,
): Promise<Array<{ line: number; value: v.InferOutput<T> }>> {
  const values: Array<{ line: number; value: v.InferOutput<T> }> = [];
  await forEachJsonlLine(
    io,
    path,
    (value, line) => {
      const result = v.safeParse(schema, value);
      if (!result.success) {
        const issue = result.issues[0]!;
        const field = issueDotPath(issue);
        const message = issueMessage(issue);
        throw new CliError(
          `${path}: line ${line}: ${
            message === 'missing'
              ? `missing field "${field}"`
              : field && !message.startsWith(field)
                ? `${field}: ${message}`
                : message
          }`,
        );
      }
      values.push({ line, value: result.output });
    },
    { prefix: `${path}: ` },
  );
  return values;
}

/** The client's synonym groups, checked as the `knowledge.synonyms` setting checks them. */
async function readSynonyms(path: string, io: CliIO): Promise<string[][]> {
  const json = await readJsonFile(io, path, 'a synonyms file');
  const result = validateSetting(findSetting('knowledge.synonyms')!, json);
  if (!result.ok)
    throw new CliError(result.errors.map((error) => `${path}: ${error.path}: ${error.message}`).join('\n'));
  return result.value as string[][];
}
