# writeback-bot: a multi-stage build on the official Node 20 image (Debian bookworm, slim).
# Build:  docker build -t writeback-bot .
# Run:    docker run --init -p 3978:3978 -v writeback-data:/data --env-file bot.env writeback-bot
# (--init puts a tiny init in front of node: it reaps zombies and forwards signals; node itself
# also handles SIGTERM, see "Run the container" in README.md.)
# This file builds unchanged against the real base image; the image check (npm run image:check)
# lends this machine's npm CA bundle and Node headers to the build with mounts, never here.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY dialogs ./dialogs
COPY locales ./locales
COPY assets ./assets
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
      node_modules/better-sqlite3/build/Release/obj.target node_modules/better-sqlite3/build/Release/.deps \
      node_modules/better-sqlite3/build/deps

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
# Code and dependencies stay owned by root: the bot's user can read them, not change them.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/dialogs ./dist/dialogs
COPY --from=build /app/locales ./locales
COPY --from=build /app/assets ./assets
# Embedded SQLite state (single instance): mount a volume here. With Azure Storage it stays empty.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
VOLUME ["/data"]
USER node
EXPOSE 3978
# slim has no curl: node's own fetch asks /healthz (200 when storage can be written and read).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1's direct command, so SIGTERM reaches it (graceful drain, exit 0).
CMD ["node", "dist/src/index.js"]
