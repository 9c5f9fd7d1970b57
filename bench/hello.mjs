// The ceiling: the same stack (@whatwg-node/server + itty AutoRouter on node:http) saying hello.
import { createServer } from 'node:http'
import { createServerAdapter } from '@whatwg-node/server'
import { AutoRouter } from 'itty-router'

const router = AutoRouter()
router.get('/hello', () => ({ hello: 'world' }))
const server = createServer(createServerAdapter((req) => router.fetch(req)))
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
