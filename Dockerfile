# syntax=docker/dockerfile:1
# Nastavnik in a container: TypeScript run by tsx (no build output), production dependencies only,
# as the unprivileged `node` user. The first stage type-checks the source so a broken tree never
# becomes an image; the final stage installs only what runs.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- check: every dependency, the type check ----
FROM ${NODE_IMAGE} AS check
WORKDIR /app
COPY package.json package-lock.json ./
# Applied by npm ci's postinstall (patch-package): see patches/ and README, Reliability.
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json drizzle.config.ts ./
COPY src ./src
COPY bots ./bots
COPY flows ./flows
COPY db ./db
RUN npx tsc --noEmit

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
# pg_dump/pg_restore for `npm run cli -- backup|restore` (Debian bookworm: PostgreSQL 15 tools; they
# must not be older than the server, see compose.yaml).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY --from=check /app/src ./src
COPY --from=check /app/bots ./bots
COPY --from=check /app/flows ./flows
COPY --from=check /app/db ./db
COPY locales ./locales
# The embedded database (when DATABASE_URL is unset) and backups live in /data, owned by the app user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (src/main.ts): HTTP server, adapters, database, in order.
# The same command as `npm start` (test/ops/start-command.test.ts holds them together). A 2 MB young
# generation and a heap limit make V8 collect before it grows: a busy instance's resident set is
# ~150 MB instead of ~275 (`npm run bench -- memory`), for about a third more CPU per update under
# load (README, Benchmarks). The limit is ~4 times the heap the largest export (2,000 participants) needs.
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=384", "--import", "tsx", "src/main.ts"]
