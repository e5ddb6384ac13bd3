/**
 * The client's SLA policy: targets per priority and channel, business hours, holidays, pausing statuses,
 * warning thresholds and the handle-time target.
 */
import { validateSlaPolicy } from '../../core/sla/index.ts';
import { DocumentSettingEditor } from '../components/DocumentSettingEditor.tsx';

const validate = (json: unknown) => {
  const result = validateSlaPolicy(json);
  return result.ok ? [] : result.errors.map((error) => ({ path: error.path || '/', message: error.message }));
};

export function ClocksSection() {
  return (
    <section class="stack" aria-labelledby="clocks-heading">
      <h2 id="clocks-heading">SLA policy</h2>
      <p class="muted">
        The client's contract, in the client's time zone and business hours. Agents see the nearest target in
        the status bar, the Timers view lists every open ticket, and notifications fire at each warning
        threshold.
      </p>
      <div class="card">
        <DocumentSettingEditor
          settingKey="sla.policy"
          validate={validate}
          fileStem="sla-policy"
          schemaPath="schemas/sla-policy.schema.json"
        />
      </div>
    </section>
  );
}
