// Setup commands for a controller that should report to this hub. The retrieval password is a
// placeholder unless the operator has just created or revealed it.
import { CodeBlock } from './scroll-box.js'

export interface SetupProps {
  publicUrl: string
  customerId: string
  image: string
  retrievalPassword: string | null
}

export function setupCommands(p: SetupProps): string {
  const base = p.publicUrl.replace(/\/+$/, '')
  const password = p.retrievalPassword ?? '<RETRIEVAL_PASSWORD>'
  return [
    "# on the customer's machine, as root",
    'mkdir -p /opt/felhom',
    `curl -fsS -H 'X-Retrieval-Password: ${password}' \\`,
    `  ${base}/api/v1/config/${p.customerId} -o /opt/felhom/controller.yaml`,
    'chmod 600 /opt/felhom/controller.yaml',
    'docker run -d --name felhom-controller --restart unless-stopped \\',
    '  -v /opt/felhom:/etc/felhom -v /var/run/docker.sock:/var/run/docker.sock \\',
    `  ${p.image}:latest`,
  ].join('\n')
}

export function SetupCommands(p: SetupProps) {
  return (
    <div>
      <CodeBlock label="Setup commands" code={setupCommands(p)} />
      {p.retrievalPassword ? null : (
        <p class="hint muted">
          Replace &lt;RETRIEVAL_PASSWORD&gt; with the retrieval password (reveal it under Credentials).
        </p>
      )}
    </div>
  )
}
