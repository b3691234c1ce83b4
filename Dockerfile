# syntax=docker/dockerfile:1
# The Switchyard gateway as a container image:
#
#   docker build -t switchyard .
#   docker run --rm -p 4000:4000 -v "$PWD/my-config:/etc/switchyard:ro" switchyard
#
# The configuration comes from outside: mount a folder holding gateway.config.yaml at
# /etc/switchyard (the default SWITCHYARD_CONFIG), or point SWITCHYARD_CONFIG elsewhere.
# Without a mount the image uses deploy/docker/gateway.config.yaml, which reaches Ollama
# at OLLAMA_BASE_URL (default http://host.docker.internal:11434).

# Both stages start from the same image, so the native better-sqlite3 build made in the
# first one matches the Node ABI and the C library of the second.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 downloads a prebuilt binary when one exists for this platform and Node;
# otherwise node-gyp compiles it, which needs these.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's `prepare` script builds, and the sources are not here
# yet (copying them after the install keeps this layer cached while only sources change).
# The one dependency with an install script of its own is then built explicitly.
RUN --mount=type=cache,target=/root/.npm \
  npm ci --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3
COPY . .
RUN npm run build

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    SWITCHYARD_CONFIG=/etc/switchyard/gateway.config.yaml \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only. --ignore-scripts keeps `prepare` from running a build
# (TypeScript is a dev dependency and is not installed here), which also skips
# better-sqlite3's own install step. Its native module is taken from the build stage
# instead of `npm rebuild` here: the lockfile pins the same version in both stages, and
# this stage then needs no compiler and no download from GitHub.
RUN --mount=type=cache,target=/root/.npm \
  npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/node_modules/better-sqlite3/build/Release/better_sqlite3.node \
  node_modules/better-sqlite3/build/Release/better_sqlite3.node
COPY --from=build /app/dist ./dist
# tsc copies no non-TypeScript files: the status page's files are served from src/.
COPY --from=build /app/src/status/ui ./src/status/ui
COPY deploy/docker/gateway.config.yaml /etc/switchyard/gateway.config.yaml
# Where deploy/docker/gateway.config.yaml keeps the sqlite state; mount a volume here to
# keep it across containers.
RUN mkdir -p /var/lib/switchyard && chown 1000:1000 /var/lib/switchyard

# The image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# HOST and PORT override server.host and server.port: the container always listens on
# all its interfaces on port 4000, so EXPOSE, the health check and the manifests in
# deploy/ agree. Publish it on another host port with -p.
EXPOSE 4000
# Slim images have no curl: node itself asks /health, which needs no API key. Every 2 s
# while starting (Docker Engine 25 and later), so services waiting for it start soon.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --start-interval=2s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health', { signal: AbortSignal.timeout(4000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
# node directly, not `npm start`: SIGTERM reaches the gateway, which then drains.
CMD ["node", "dist/src/cli.js"]
