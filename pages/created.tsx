// Shown once, as the answer to the create POST: the new customer's credentials.
import type { Credentials } from '../lib/customers/admin.js'
import { Layout, type Flash } from './components/layout.js'
import { SetupCommands } from './components/setup.js'

export interface CreatedPageProps {
  csrf: string
  open: boolean
  flash: Flash | null
  credentials: Credentials
  publicUrl: string
  image: string
}

export function CreatedPage(p: CreatedPageProps) {
  const id = p.credentials.customer_id
  return (
    <Layout
      title={`Created ${id}`}
      section="configs"
      csrf={p.csrf}
      open={p.open}
      flash={{ kind: 'ok', text: `Customer ${id} created.` }}
    >
      <div class="page-head">
        <h1>{id} is ready</h1>
        <a href={`/customers/${id}`} class="btn btn-primary">
          Open customer
        </a>
      </div>
      <section class="card">
        <h2>Credentials</h2>
        <p class="notice">
          Copy these now. They are shown once on this page; later they can only be revealed on the customer
          page with a deliberate click.
        </p>
        <dl class="kv section-gap">
          <dt>API key</dt>
          <dd>
            <code class="secret" data-secret="api_key">
              {p.credentials.api_key}
            </code>
          </dd>
          <dt>Retrieval password</dt>
          <dd>
            <code class="secret" data-secret="retrieval_password">
              {p.credentials.retrieval_password}
            </code>
          </dd>
        </dl>
      </section>
      <section class="card">
        <h2>Deploy the controller</h2>
        <SetupCommands
          publicUrl={p.publicUrl}
          customerId={id}
          image={p.image}
          retrievalPassword={p.credentials.retrieval_password}
        />
      </section>
    </Layout>
  )
}
