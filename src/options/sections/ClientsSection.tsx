/**
 * The client companies this agent serves: which helpdesk addresses pick each one, where each definition comes
 * from (IT, a client pack, this machine), and ways to add one by hand or import a client pack file.
 */
import { useState } from 'preact/hooks';
import { formatBytes, LIMITS } from '../../core/limits.ts';
import { formatJsonSyntaxProblem, jsonSyntaxProblem } from '../../core/validation.ts';
import { request } from '../../messaging/client.ts';
import { useLive } from '../../ui/hooks.ts';

const ORIGIN_LABEL = { managed: 'Managed by IT', clientPack: 'Client pack', local: 'Defined here' } as const;

export function ClientsSection() {
  const [clients] = useLive(() => request('clients.list', {}));
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string }>();

  const run = async (action: () => Promise<string>) => {
    setMessage(undefined);
    try {
      setMessage({ kind: 'ok', text: await action() });
    } catch (error) {
      setMessage({ kind: 'error', text: (error as Error).message });
    }
  };

  const importPack = (file: File) =>
    run(async () => {
      if (file.size > LIMITS.jsonDocumentBytes) {
        throw new Error(
          `${file.name}: larger than the ${formatBytes(LIMITS.jsonDocumentBytes)} limit for a client pack`,
        );
      }
      let pack: unknown;
      const text = await file.text();
      try {
        pack = JSON.parse(text);
      } catch (error) {
        // The engine's message quotes the file: say the kind of mistake and where.
        throw new Error(`${file.name}: ${formatJsonSyntaxProblem(jsonSyntaxProblem(error, text))}`);
      }
      const client = await request('clientPack.import', { pack });
      return `Imported the client pack for ${client.name}.`;
    });

  return (
    <section class="stack" aria-labelledby="clients-heading">
      <h2 id="clients-heading">Clients</h2>
      <p class="muted">
        Each client owns its knowledge, redaction policy and SLA policy. Deskmate picks the client from the
        helpdesk page's address; the most specific match wins. You can switch by hand for one tab from the
        palette.
      </p>
      {message && (
        <div class={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </div>
      )}
      <div class="card">
        {clients.state === 'ready' && clients.value.length === 0 && (
          <p class="muted">No clients yet. Import a client pack from the client company, or add one below.</p>
        )}
        {clients.state === 'ready' && clients.value.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Client</th>
                <th>Id</th>
                <th>Source</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {clients.value.map((client) => (
                <tr key={client.id} data-client={client.id}>
                  <td>
                    <span class="swatch" style={{ background: client.color ?? '#9aa5b1' }} /> {client.name}
                  </td>
                  <td>
                    <code>{client.id}</code>
                  </td>
                  <td>{ORIGIN_LABEL[client.origin]}</td>
                  <td>
                    {client.origin !== 'managed' && (
                      <button
                        type="button"
                        onClick={() =>
                          confirm(`Remove ${client.name} from Deskmate on this computer?`) &&
                          run(async () => {
                            await request('clients.remove', { clientId: client.id });
                            return `Removed ${client.name}.`;
                          })
                        }
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div class="card stack">
        <h3>Import a client pack</h3>
        <p class="muted">
          A JSON file published by the client company: the client, its addresses and its settings.
        </p>
        <input
          type="file"
          accept="application/json,.json"
          aria-label="Client pack file"
          onChange={(event) => {
            const file = (event.target as HTMLInputElement).files?.[0];
            if (file) void importPack(file);
          }}
        />
      </div>
      <AddClientForm
        onSave={(client) => run(async () => `Saved ${(await request('clients.save', { client })).name}.`)}
      />
    </section>
  );
}

function AddClientForm({ onSave }: { onSave: (client: unknown) => void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [color, setColor] = useState('#2563eb');
  const [matches, setMatches] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    onSave({
      id: id || slug(name),
      name,
      color,
      matches: matches
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [host = '', path] = line.split(/\s+/);
          return path ? { host, path } : { host };
        }),
    });
  };
  return (
    <form class="card stack" onSubmit={submit}>
      <h3>Add a client</h3>
      <div class="row">
        <label class="row">
          Name{' '}
          <input
            type="text"
            required
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="row">
          Id{' '}
          <input
            type="text"
            placeholder={slug(name) || 'acme'}
            value={id}
            onInput={(e) => setId((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="row">
          Colour{' '}
          <input type="color" value={color} onInput={(e) => setColor((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <label class="stack">
        <span>
          Helpdesk addresses, one per line: a host and optionally a path (<code>acme.zendesk.com</code>,{' '}
          <code>*.freshdesk.com /a/tickets/*</code>)
        </span>
        <textarea
          rows={3}
          value={matches}
          onInput={(e) => setMatches((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <div>
        <button class="primary" type="submit">
          Save client
        </button>
      </div>
    </form>
  );
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
}
