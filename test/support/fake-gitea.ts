// A fake Gitea on 127.0.0.1 speaking the parts the hub uses: the OCI distribution token flow
// (401 + WWW-Authenticate → /v2/token with Basic auth → Bearer), a paginated tags list with Link
// headers, and a raw file URL that wants `Authorization: token …`. It records every request and
// can be told to fail, hang or serve a broken template.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

export interface RecordedRequest {
  method: string
  path: string
  authorization: string | null
}

export type GiteaMode = 'ok' | 'fail' | 'hang' | 'invalid-yaml' | 'huge'

export interface FakeGiteaOptions {
  username?: string
  password?: string
  repository?: string
  tags?: string[]
  pageSize?: number
  template?: string
  /** Answer the token endpoint with `access_token` instead of `token`. */
  accessTokenField?: boolean
  /** The token realm the 401 challenge names; default this server's own /v2/token. */
  realm?: string
}

export interface FakeGitea {
  url: string
  templateUrl: string
  requests: RecordedRequest[]
  /** Applies to the tags list and the raw file; the token endpoint always works. */
  mode: GiteaMode
  tags: string[]
  template: string
  tokensIssued: number
  close(): Promise<void>
}

const open: FakeGitea[] = []
afterEach(async () => {
  while (open.length) await open.pop()!.close()
})

export async function startFakeGitea(opts: FakeGiteaOptions = {}): Promise<FakeGitea> {
  const username = opts.username ?? 'hub-bot'
  const password = opts.password ?? 'gitea-pat-123'
  const repository = opts.repository ?? 'admin/felhom-controller'
  const pageSize = opts.pageSize ?? 2
  const issued = new Set<string>()
  const hanging = new Set<ServerResponse>()

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    fake.requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      authorization: req.headers.authorization ?? null,
    })
    if (url.pathname === '/v2/token') return token(req, res, url)
    if (fake.mode === 'hang') return void hanging.add(res)
    if (fake.mode === 'fail') return send(res, 500, 'text/plain', 'internal server error')
    if (url.pathname === `/v2/${repository}/tags/list`) return tagsList(req, res, url)
    if (url.pathname === `/${repository}/raw/branch/main/controller.yaml.example`) return rawFile(req, res)
    send(res, 404, 'text/plain', 'not found')
  })

  function token(req: IncomingMessage, res: ServerResponse, url: URL) {
    const expected = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64')
    if (req.headers.authorization !== expected)
      return send(res, 401, 'application/json', '{"errors":[{"code":"UNAUTHORIZED"}]}')
    if (
      url.searchParams.get('service') !== 'container_registry' ||
      url.searchParams.get('scope') !== `repository:${repository}:pull`
    ) {
      return send(res, 400, 'application/json', '{"errors":[{"code":"DENIED"}]}')
    }
    const t = `tok-${++fake.tokensIssued}`
    issued.add(t)
    send(
      res,
      200,
      'application/json',
      JSON.stringify(opts.accessTokenField ? { access_token: t } : { token: t }),
    )
  }

  function tagsList(req: IncomingMessage, res: ServerResponse, url: URL) {
    const auth = req.headers.authorization ?? ''
    if (!auth.startsWith('Bearer ') || !issued.has(auth.slice(7))) {
      res.setHeader(
        'WWW-Authenticate',
        `Bearer realm="${opts.realm ?? fake.url + '/v2/token'}",service="container_registry",scope="repository:${repository}:pull"`,
      )
      return send(res, 401, 'application/json', '{"errors":[{"code":"UNAUTHORIZED"}]}')
    }
    // Distribution API pagination: sorted tags, `last` is exclusive, Link points at the next page.
    const sorted = [...fake.tags].sort()
    const last = url.searchParams.get('last')
    const start = last === null ? 0 : sorted.findIndex((t) => t > last)
    const page = start < 0 ? [] : sorted.slice(start, start + pageSize)
    if (start >= 0 && start + pageSize < sorted.length) {
      res.setHeader(
        'Link',
        `</v2/${repository}/tags/list?n=${pageSize}&last=${encodeURIComponent(page[page.length - 1])}>; rel="next"`,
      )
    }
    send(res, 200, 'application/json', JSON.stringify({ name: repository, tags: page }))
  }

  function rawFile(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `token ${password}`) return send(res, 401, 'text/plain', 'Unauthorized')
    if (fake.mode === 'invalid-yaml')
      return send(res, 200, 'text/plain', 'customer:\n  id: [unclosed\n  name: "x\n')
    if (fake.mode === 'huge')
      return send(res, 200, 'text/plain', 'customer: {}\nhub: {}\n#' + 'x'.repeat(2 * 1024 * 1024))
    send(res, 200, 'text/plain; charset=utf-8', fake.template)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const fake: FakeGitea = {
    url: base,
    templateUrl: `${base}/${repository}/raw/branch/main/controller.yaml.example`,
    requests: [],
    mode: 'ok',
    tags: opts.tags ?? ['v1.8.0', 'v1.9.0', 'v1.10.0-rc.1', 'latest', '1.7.3', 'main'],
    template: opts.template ?? 'customer:\n  id: ""\nhub:\n  url: ""\n',
    tokensIssued: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  open.push(fake)
  return fake
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}
