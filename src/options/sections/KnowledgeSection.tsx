/**
 * The client's knowledge base: import a file (Deskmate JSONL/JSON/CSV, Zendesk macros, Freshdesk canned
 * responses, Help Scout saved replies) with a progress bar — all articles or none, a bad row shows `line N: …` —
 * export to JSONL or CSV, delete with Undo, and, for QA leads, how each answer is used (shown, inserted, edited
 * before sending, sent) as a chart and CSV. The page writes IndexedDB itself (our origin); the worker sees the new
 * revision on its next request and rebuilds its ranking index.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as v from 'valibot';
import { openDatabase } from '../../background/db/database.ts';
import { type ArticleHistoryRow, type ArticleRow, plainText } from '../../background/knowledge/rows.ts';
import { KnowledgeStore } from '../../background/knowledge/store.ts';
import { sanitizeArticleHtml } from '../../content/answers/sanitize.ts';
import { describe as describeIssue } from '../../core/knowledge/import/validate.ts';
import {
  type ArticleRecord,
  ArticleRecordSchema,
  createImporter,
  type ExportFormat,
  exportArticles,
  formatIssue,
  type ImportProgress,
  toRecord,
  usageCsv,
} from '../../core/knowledge/index.ts';
import { formatBytes, LIMITS } from '../../core/limits.ts';
import { findSetting, validateSetting } from '../../core/settings/definitions.ts';
import { request } from '../../messaging/client.ts';
import { BarChart } from '../../reports/BarChart.tsx';
import { ClientSelect, useClients, usePickedClient } from '../../ui/clients.tsx';
import { saveFile } from '../../ui/download.ts';
import { useLive } from '../../ui/hooks.ts';
import { DocumentSettingEditor } from '../components/DocumentSettingEditor.tsx';

const validateSynonyms = (json: unknown) => {
  const definition = findSetting('knowledge.synonyms');
  const result = definition ? validateSetting(definition, json) : { ok: true as const };
  return result.ok ? [] : result.errors;
};

let sharedStore: KnowledgeStore | undefined;
/** One database connection for the page. */
export function knowledgeStore(): KnowledgeStore {
  sharedStore ??= new KnowledgeStore(openDatabase());
  return sharedStore;
}

type ImportState =
  | { state: 'idle' }
  | { state: 'reading'; progress: ImportProgress; total: number }
  | { state: 'writing'; rows: number }
  | { state: 'done'; text: string }
  | { state: 'failed'; errors: string[] };

/** Reads a file chunk by chunk through the core's streaming importer, reporting progress. */
export async function importFile(
  store: KnowledgeStore,
  clientId: string,
  file: File,
  options: { replace: boolean; onState: (state: ImportState) => void },
): Promise<ImportState> {
  const total = file.size;
  if (total > LIMITS.knowledgeFileBytes) {
    // Refused before reading a byte; the importer enforces the same limit on what it is fed.
    const refused: ImportState = {
      state: 'failed',
      errors: [
        `the file is larger than the ${formatBytes(LIMITS.knowledgeFileBytes)} limit for a knowledge-base file`,
      ],
    };
    options.onState(refused);
    return refused;
  }
  const started = performance.now();
  let last = 0;
  const importer = createImporter({
    fileName: file.name,
    bytesTotal: total,
    onProgress: (progress) => {
      const now = performance.now();
      if (now - last > 50) {
        last = now;
        options.onState({ state: 'reading', progress, total });
      }
    },
  });
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    importer.feed(value);
  }
  const result = importer.finish();
  if (!result.ok) {
    const failed: ImportState = {
      state: 'failed',
      errors: result.errors.map(formatIssue),
    };
    options.onState(failed);
    return failed;
  }
  options.onState({ state: 'writing', rows: result.articles.length });
  const parsed = performance.now();
  try {
    const outcome = await store.importRecords(clientId, result.articles, { replace: options.replace });
    // Have the worker build the new ranking index (and persist it) now, not when an agent first needs it.
    void request('knowledge.search', { clientId, query: '', limit: 1 }).catch(() => {});
    const skipped = result.skipped.length ? `, ${result.skipped.length} skipped (not answers)` : '';
    const done: ImportState = {
      state: 'done',
      text:
        `Imported ${result.articles.length} articles: ${outcome.added} new, ${outcome.updated} updated${skipped} ` +
        `(read and checked in ${seconds(parsed - started)}, saved in ${seconds(performance.now() - parsed)}).`,
    };
    options.onState(done);
    return done;
  } catch (error) {
    const failed: ImportState = {
      state: 'failed',
      errors: [`nothing was written: ${(error as Error).message}`],
    };
    options.onState(failed);
    return failed;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const LIST_LIMIT = 200;

/** The article as agents get it: HTML through the same sanitizer as insertion (imported HTML is untrusted). */
function ArticlePreview({ article }: { article: ArticleRow }) {
  // The client's image hosts, as agents get them: until they are known, no image at all (nothing is fetched).
  const [described] = useLive(
    () => request('settings.describe', { clientId: article.clientId }),
    article.clientId,
  );
  const imageHosts =
    described.state === 'ready'
      ? ((described.value.settings.find((s) => s.key === 'knowledge.imageHosts')?.value as string[]) ?? [])
      : [];
  if (article.bodyFormat === 'html')
    return (
      <div
        class="card article-preview"
        data-testid="kb-preview"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify with Deskmate's strict profile
        dangerouslySetInnerHTML={{ __html: sanitizeArticleHtml(article.body, { imageHosts }) }}
      />
    );
  return (
    <pre class="card article-preview" data-testid="kb-preview">
      {article.body}
    </pre>
  );
}

/** Edits one article; the same rules as an import (the core's record schema), and every save is in its history. */
function ArticleEditor(props: {
  article: ArticleRow;
  onSave(record: ArticleRecord): Promise<void>;
  onCancel(): void;
  history(): Promise<ArticleHistoryRow[]>;
}) {
  const { article } = props;
  const [title, setTitle] = useState(article.title);
  const [shortcut, setShortcut] = useState(article.shortcut ?? '');
  const [tags, setTags] = useState(article.tags.join(', '));
  const [body, setBody] = useState(article.body);
  const [errors, setErrors] = useState<string[]>([]);
  const [history, setHistory] = useState<ArticleHistoryRow[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded once per article
  useEffect(() => {
    void props.history().then(setHistory);
  }, [article.id]);
  const save = async (event: Event) => {
    event.preventDefault();
    const candidate = {
      ...toRecord(article),
      title,
      body,
      tags: tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
      ...(shortcut.trim() ? { shortcut } : { shortcut: undefined }),
    };
    const parsed = v.safeParse(ArticleRecordSchema, withoutUndefined(candidate));
    if (!parsed.success) {
      setErrors(parsed.issues.map((issue) => describeIssue(issue)));
      return;
    }
    await props.onSave(parsed.output);
  };
  return (
    <form class="card stack" aria-label={`Edit ${article.title}`} onSubmit={(event) => void save(event)}>
      <label>
        Title <input value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        Shortcut{' '}
        <input value={shortcut} onInput={(e) => setShortcut((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        Tags (comma-separated){' '}
        <input value={tags} onInput={(e) => setTags((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label>
        Body (text or HTML; <code>{'{{customer.first_name}}'}</code> variables,{' '}
        <code>{TAB_STOP_EXAMPLE}</code>)
        <textarea
          rows={8}
          value={body}
          onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      {errors.length > 0 && (
        <ul class="notice error" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div class="row">
        <button type="submit">Save</button>
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      {history.length > 0 && (
        <details data-testid="kb-history">
          <summary>History ({history.length})</summary>
          <ul>
            {history.map((entry) => (
              <li key={entry.seq}>
                {new Date(entry.at).toLocaleString()}: {entry.change}
                {entry.before && entry.before.title !== article.title ? ` (was “${entry.before.title}”)` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </form>
  );
}

/** Snippet syntax shown as an example (a plain string: it is not a template literal). */
const TAB_STOP_EXAMPLE = ['$', '{1:tab stops}'].join('');

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;

export function KnowledgeSection() {
  const clients = useClients();
  const [clientId, setClientId] = usePickedClient(clients);
  const clientName =
    clients.state === 'ready' ? (clients.value.find((c) => c.id === clientId)?.name ?? clientId) : clientId;

  const store = knowledgeStore();
  const [articles, setArticles] = useState<ArticleRow[] | undefined>();
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((n) => n + 1);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the reload trigger
  useEffect(() => {
    if (!clientId) return;
    let current = true;
    void store.list(clientId).then((rows) => current && setArticles(rows));
    return () => {
      current = false;
    };
  }, [clientId, generation, store]);

  const [importState, setImportState] = useState<ImportState>({ state: 'idle' });
  const [replace, setReplace] = useState(false);
  const [filter, setFilter] = useState('');
  const [undo, setUndo] = useState<{ id: string; title: string } | undefined>();
  const [previewed, setPreviewed] = useState<string>();
  const [editing, setEditing] = useState<string>();

  const onFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file || !clientId) return;
    await importFile(store, clientId, file, { replace, onState: setImportState });
    input.value = '';
    reload();
  };

  const exportAs = async (format: ExportFormat) => {
    const rows = await store.list(clientId);
    saveFile(
      `knowledge-${clientId}.${format}`,
      exportArticles(rows, format),
      format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    );
  };

  const remove = async (article: ArticleRow) => {
    if (await store.remove(clientId, article.id)) setUndo({ id: article.id, title: article.title });
    reload();
  };
  const undoRemove = async () => {
    if (undo) await store.restore(clientId, undo.id);
    setUndo(undefined);
    reload();
  };

  const shown = useMemo(() => {
    const wanted = filter.trim().toLowerCase();
    const list = (articles ?? []).filter(
      (a) =>
        !wanted ||
        a.title.toLowerCase().includes(wanted) ||
        a.shortcut?.includes(wanted) ||
        a.tags.some((t) => t.toLowerCase().includes(wanted)),
    );
    return { total: list.length, rows: list.slice(0, LIST_LIMIT) };
  }, [articles, filter]);

  const used = useMemo(
    () =>
      [...(articles ?? [])]
        .filter((a) => a.usage.shown + a.usage.inserted > 0)
        .sort((a, b) => b.usage.inserted - a.usage.inserted || b.usage.shown - a.usage.shown),
    [articles],
  );

  return (
    <section class="stack" aria-labelledby="knowledge-heading">
      <h2 id="knowledge-heading">Knowledge</h2>
      <p class="muted">
        The client's answers: agents see the best five for the customer's latest message, insert them with the
        customer's details filled in, and type <code>;shortcut</code> in the reply box.
      </p>
      <label>
        Client{' '}
        <ClientSelect
          clients={clients}
          value={clientId}
          onChange={(picked) => {
            setClientId(picked);
            setUndo(undefined);
            setImportState({ state: 'idle' });
          }}
        />
      </label>

      <div class="card stack">
        <h3>Import</h3>
        <p class="muted">
          Deskmate JSONL, JSON or CSV; Zendesk macros, Freshdesk canned responses, Help Scout saved replies.
          One import is all or nothing: a file with a bad row changes nothing.
        </p>
        <label>
          <input
            type="checkbox"
            checked={replace}
            onChange={(e) => setReplace((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Replace the knowledge base (articles the file lacks are deleted)
        </label>
        <label>
          Import file{' '}
          <input
            type="file"
            data-testid="kb-import-file"
            accept=".jsonl,.ndjson,.json,.csv,.tsv"
            disabled={!clientId || importState.state === 'reading' || importState.state === 'writing'}
            onChange={onFile}
          />
        </label>
        {importState.state === 'reading' && (
          <progress
            data-testid="kb-progress"
            max={importState.total || 1}
            value={importState.progress.bytesDone}
            aria-label={`Reading: ${importState.progress.rows} articles`}
          />
        )}
        {importState.state === 'writing' && (
          <p class="muted" data-testid="kb-progress">
            Saving {importState.rows} articles…
          </p>
        )}
        {importState.state === 'done' && (
          <p class="notice ok" role="status" data-testid="kb-import-result">
            {importState.text}
          </p>
        )}
        {importState.state === 'failed' && (
          <div class="notice error" role="alert" data-testid="kb-import-errors">
            <p>Nothing was imported:</p>
            <ul>
              {importState.errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          </div>
        )}
        <div class="row">
          <button type="button" onClick={() => void exportAs('jsonl')} disabled={!articles?.length}>
            Export JSONL
          </button>
          <button type="button" onClick={() => void exportAs('csv')} disabled={!articles?.length}>
            Export CSV
          </button>
        </div>
      </div>

      <div class="card stack">
        <h3>
          Articles <span data-testid="kb-count">{articles ? articles.length : '…'}</span>
        </h3>
        {undo && (
          <p class="notice" role="status" data-testid="kb-undo">
            Deleted “{undo.title}”.{' '}
            <button type="button" onClick={() => void undoRemove()}>
              Undo
            </button>
          </p>
        )}
        {articles && articles.length === 0 ? (
          <p class="empty">No articles yet for this client. Import a file to get started.</p>
        ) : (
          <>
            <input
              type="search"
              placeholder="Filter by title, tag or shortcut"
              aria-label="Filter articles"
              value={filter}
              onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)}
            />
            <ul class="article-list" aria-label="Articles">
              {shown.rows.map((article) => (
                <li key={article.id} data-article={article.id}>
                  <strong>{article.title}</strong>
                  {article.shortcut && <code> ;{article.shortcut}</code>}
                  {article.locale && <span class="muted"> · {article.locale}</span>}
                  <div class="muted">{plainText(article).slice(0, 140)}</div>
                  <button
                    type="button"
                    aria-expanded={previewed === article.id}
                    onClick={() => setPreviewed(previewed === article.id ? undefined : article.id)}
                  >
                    Preview
                  </button>{' '}
                  <button
                    type="button"
                    aria-expanded={editing === article.id}
                    onClick={() => setEditing(editing === article.id ? undefined : article.id)}
                  >
                    Edit
                  </button>{' '}
                  <button type="button" onClick={() => void remove(article)}>
                    Delete
                  </button>
                  {previewed === article.id && <ArticlePreview article={article} />}
                  {editing === article.id && (
                    <ArticleEditor
                      article={article}
                      onSave={async (record) => {
                        await store.save(clientId, record);
                        setEditing(undefined);
                        reload();
                      }}
                      onCancel={() => setEditing(undefined)}
                      history={() => store.history(clientId, article.id)}
                    />
                  )}
                </li>
              ))}
            </ul>
            {shown.total > shown.rows.length && (
              <p class="muted">
                Showing {shown.rows.length} of {shown.total}; filter to find others.
              </p>
            )}
          </>
        )}
      </div>

      <div class="card stack">
        <h3>How answers are used</h3>
        {used.length === 0 ? (
          <p class="empty">No answer has been shown or inserted yet.</p>
        ) : (
          <>
            <BarChart
              title={`Answers inserted, ${clientName}`}
              bars={used.slice(0, 15).map((a) => ({
                label: a.title,
                value: a.usage.inserted,
                text: `${a.usage.inserted} inserted · ${a.usage.edited} edited · ${a.usage.sent} sent · ${a.usage.shown} shown`,
                tone: a.usage.edited > a.usage.sent ? 'warning' : 'ok',
              }))}
            />
            <button
              type="button"
              onClick={() => saveFile(`answer-usage-${clientId}.csv`, usageCsv(clientName, used), 'text/csv')}
            >
              Export usage CSV
            </button>
          </>
        )}
      </div>

      <div class="card stack">
        <h3>Synonyms</h3>
        <p class="muted">
          Words and phrases this client's customers use for the same thing: a message saying one of a group
          finds the answers that say another (“money back” finds the refund answers).
        </p>
        <DocumentSettingEditor
          settingKey="knowledge.synonyms"
          validate={validateSynonyms}
          fileStem="synonyms"
          schemaPath="schemas/synonyms.schema.json"
          clientId={clientId}
          noun="Synonyms"
        />
      </div>
    </section>
  );
}
