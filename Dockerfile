# The case orchestrator's image: the API and the worker run from it (docker-compose.yml picks which).
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# Dependencies first, so a code change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .

# Letters and delivery files the worker writes go here (DATA_DIR); mount a volume on it.
RUN mkdir -p /data && chown node:node /data
ENV DATA_DIR=/data
# The API and the worker's metrics listen on 127.0.0.1 by default; in a container, on every interface.
ENV HOST=0.0.0.0
USER node

# tsx runs the TypeScript as it is, loaded into node itself so SIGTERM reaches the program directly.
# Override the command for the worker: node --import tsx launcher/worker.ts
EXPOSE 3000
CMD ["node", "--import", "tsx", "launcher/api.ts"]
