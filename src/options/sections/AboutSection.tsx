/**
 * What IT needs to deploy Deskmate: the extension id to name in policies, the version, and whether a managed
 * policy reached this browser.
 */
import { request } from '../../messaging/client.ts';
import { browser } from '../../platform/browser.ts';
import { useLive } from '../../ui/hooks.ts';

export function AboutSection() {
  const manifest = browser.runtime.getManifest();
  const [described] = useLive(() => request('settings.describe', {}));
  const managedKeys =
    described.state === 'ready'
      ? described.value.settings.filter(
          (setting) => setting.origin.source === 'managed' || setting.origin.lockedBy === 'managed',
        )
      : [];
  return (
    <section class="stack" aria-labelledby="about-heading">
      <h2 id="about-heading">About &amp; deployment</h2>
      <div class="card">
        <table>
          <tbody>
            <tr>
              <th>Version</th>
              <td>{manifest.version}</td>
            </tr>
            <tr>
              <th>Extension id</th>
              <td>
                <code data-testid="extension-id">{browser.runtime.id}</code>
              </td>
            </tr>
            <tr>
              <th>Managed policy</th>
              <td>
                {managedKeys.length === 0
                  ? 'No managed settings reach this browser.'
                  : `${managedKeys.length} setting(s) from your IT administrator: ${managedKeys.map((s) => s.title).join(', ')}`}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <p class="muted">
        Deskmate runs on this computer only: it sends nothing anywhere except to addresses an administrator
        configured. IT deployment (force-install, managed settings, client packs) is described in the
        project's docs/DEPLOYMENT.md.
      </p>
    </section>
  );
}
