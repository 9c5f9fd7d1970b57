# felhom-hub image: TypeScript is compiled in a build stage; the runtime stage holds only the
# compiled JavaScript, production dependencies and Node itself, and runs as a non-root user.
# Build: docker build -t gitea.dooplex.hu/admin/felhom-hub:<version> .

# One pinned base for every stage, so the native libSQL binary installed in `deps` matches the
# glibc and Node ABI of the runtime stage. Bump deliberately (and the tag in k8s/deployment.yaml).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: all dependencies, then esbuild → dist/ -----------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# --- deps: production dependencies only (no tsx, typescript, vitest, miniflare) -------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# The version follows package.json (and lib/core/version.ts, k8s/deployment.yaml's tag): test/ship/version.test.ts.
LABEL org.opencontainers.image.title="felhom-hub" \
      org.opencontainers.image.version="0.4.0" \
      org.opencontainers.image.description="Central monitoring, notification and configuration service for felhom-controller nodes"
# MALLOC_ARENA_MAX, --max-semi-space-size and --max-old-space-size (CMD) as in package.json's start
# script: they hold the peak resident memory under load ~25-50 MiB lower (README, "Memory").
ENV NODE_ENV=production \
    HUB_SERVER_LISTEN=:8080 \
    HUB_SERVER_DATA_DIR=/data \
    MALLOC_ARENA_MAX=2
WORKDIR /app
# npm, npx and corepack are not needed to run the hub; without them nothing can install at run
# time. /data belongs to the runtime user (uid 1000, `node` in the base image).
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
        /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
    && mkdir -p /data && chown 1000:1000 /data
# The code stays root-owned and read-only for the hub's user.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
USER 1000:1000
VOLUME /data
EXPOSE 8080
# The slim image has no curl: Node's own fetch asks /healthz, which also checks the database.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The hub drains in-flight requests and deferred work for up to 25 s on SIGTERM.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=96", "dist/bin/server.js"]
