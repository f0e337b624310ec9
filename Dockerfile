# Sandtable in a container: built in one stage, run in another with only production packages,
# as an unprivileged user, on a read-only root file system. Run it with:
#   docker build -t sandtable .
#   docker run --read-only --tmpfs /tmp -v sandtable-data:/data -p 3000:3000 \
#     -e ORIGIN=https://sandtable.example.org -e SANDTABLE_ADMIN_EMAIL=... \
#     -e SANDTABLE_ADMIN_PASSWORD=... sandtable
# docs/deployment.md says more; tests/deployment.spec.ts lints this file and
# tests/deployment.e2e.ts runs its runtime stage's layout as a non-root user on a read-only tree.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    SCENARIOS_DIR=/app/scenarios
WORKDIR /app
# Owned by root and not writable by the app's user: only /data (and /tmp) are written.
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/build ./build
COPY --from=build /src/scripts ./scripts
# What `npm run migrate` (scripts/migrate.ts) loads: the migrator and its SQL files.
COPY --from=build /src/src/lib/server/storage/pg/migrate.ts ./src/lib/server/storage/pg/migrate.ts
COPY --from=build /src/src/lib/server/storage/pg/migrations ./src/lib/server/storage/pg/migrations
COPY --from=build /src/scenarios ./scenarios
COPY --from=build /src/docs ./docs
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["node", "-e", "fetch('http://127.0.0.1:3000/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches Node directly (exec form), which finishes requests under way before it exits.
CMD ["node", "scripts/serve.js"]
