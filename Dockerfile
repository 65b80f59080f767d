# The bot as an image: compiled once, run as plain JavaScript (see README "Running it in a container").
# test/integration/build.test.ts runs the same install, build and start commands outside Docker.

# Build: every dependency (typescript is a dev one), then src/ → dist/ with tsconfig.build.json.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# mongodb-memory-server (tests only) would otherwise download a mongod binary at install.
ENV MONGOMS_DISABLE_POSTINSTALL=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Run: production dependencies only, the compiled code and config/ beside it (where it looks).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY config ./config
COPY --from=build /app/dist ./dist
# Files stay root's: the unprivileged user runs the code but cannot change it.
USER node
EXPOSE 3000
# Ready means the store answers; the slim image has no curl, node's fetch asks instead.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm, as PID 1: it gets SIGTERM and stops cleanly (npm run start:prod runs the same).
CMD ["node", "--enable-source-maps", "dist/main.js"]
