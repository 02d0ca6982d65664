import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Validates docker-compose.yml and the Dockerfile without a Docker engine: `docker-compose config` (Debian's
 * docker-compose 1.29, installed by .ci/run) checks the file against the Compose Specification and resolves
 * anchors and variables; the assertions check what the deployment relies on.
 */
const root = join(__dirname, '..', '..', '..');
const composeFile = join(root, 'docker-compose.yml');
const ROLES = ['commands', 'queries', 'projector', 'processor', 'publisher', 'notifier'] as const;
const SECRETS = {
  JWT_SECRET: 'test-jwt-secret-0123456789abcdef0123456789',
  POSTGRES_PASSWORD: 'test-postgres-password',
  RABBITMQ_PASSWORD: 'test-rabbitmq-password',
  PUSH_WEBHOOK_SECRET: 'test-webhook-secret',
};

type Service = {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  ports?: { published: number | string; target: number }[];
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  restart?: string;
};

// An empty env file stands in for a developer's .env, which must not leak into the assertions.
const scratch = mkdtempSync(join(tmpdir(), 'orderly-compose-'));
const emptyEnvFile = join(scratch, 'empty.env');
writeFileSync(emptyEnvFile, '');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `docker-compose config` with only the given variables. */
const composeConfig = (variables: Record<string, string>): string =>
  execFileSync('docker-compose', ['--env-file', emptyEnvFile, '-f', composeFile, 'config'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...variables },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const failureOf = (variables: Record<string, string>): string => {
  try {
    composeConfig(variables);
    return '';
  } catch (error) {
    return String((error as { stderr?: unknown }).stderr);
  }
};

describe('docker-compose.yml', () => {
  const config = parse(composeConfig(SECRETS)) as { services: Record<string, Service> };
  const services = config.services;
  const service = (name: string): Service => {
    const found = services[name];
    if (found === undefined) throw new TypeError(`service ${name} is missing`);
    return found;
  };

  it('runs EventStoreDB, Postgres, RabbitMQ, a migration and every role as its own service', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['eventstore', 'postgres', 'rabbitmq', 'migrate', ...ROLES].sort(),
    );
    expect(service('eventstore').image).toMatch(/^eventstore\/eventstore:\d/);
    expect(service('postgres').image).toBe('postgres:15');
    expect(service('rabbitmq').image).toMatch(/^rabbitmq:3.*management/);
  });

  it('builds every app service from the one Dockerfile into one image', () => {
    const migrate = service('migrate');
    expect(migrate.build).toEqual({ context: root, target: 'runtime' });
    for (const role of ROLES) {
      expect(service(role).image).toBe(migrate.image);
      expect(service(role).build).toEqual(migrate.build);
      expect(service(role).command).toEqual(['node', 'dist/main.js', role]);
    }
    expect(migrate.command).toEqual(['node', 'dist/cli.js', 'migrate']);
    expect(migrate.restart).toBe('no');
  });

  it('points every app service at EventStoreDB, Postgres and RabbitMQ, with secrets from the environment', () => {
    for (const name of ['migrate', ...ROLES]) {
      expect(service(name).environment).toMatchObject({
        NODE_ENV: 'production',
        EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
        DATABASE_URL: `postgres://orderly:${SECRETS.POSTGRES_PASSWORD}@postgres:5432/orderly`,
        RABBITMQ_URL: `amqp://orderly:${SECRETS.RABBITMQ_PASSWORD}@rabbitmq:5672`,
        JWT_SECRET: SECRETS.JWT_SECRET,
        PUSH_WEBHOOK_SECRET: SECRETS.PUSH_WEBHOOK_SECRET,
      });
    }
  });

  it.each(Object.keys(SECRETS))('refuses to start without %s, naming it', (secret) => {
    const others = Object.fromEntries(Object.entries(SECRETS).filter(([name]) => name !== secret));
    expect(failureOf(others)).toContain(`set ${secret}`);
  });

  it('runs EventStoreDB in insecure dev mode, without projections, reachable on 2113', () => {
    const eventstore = service('eventstore');
    expect(eventstore.environment).toMatchObject({
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'None',
      EVENTSTORE_ENABLE_ATOM_PUB_OVER_HTTP: 'true',
    });
    expect(eventstore.ports).toContainEqual({ published: 2113, target: 2113 });
  });

  it('checks the health of every long-running service', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (name === 'migrate') continue;
      expect(definition.healthcheck?.test?.length).toBeGreaterThan(1);
    }
    expect(service('postgres').healthcheck?.test?.join(' ')).toContain('pg_isready');
    for (const role of ROLES) expect(service(role).healthcheck?.test?.join(' ')).toContain('/healthz');
  });

  it('starts the roles once the stores are healthy and the migration has completed', () => {
    for (const role of ROLES) {
      expect(service(role).depends_on).toEqual({
        eventstore: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        rabbitmq: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
      });
    }
    expect(service('migrate').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('publishes the two APIs', () => {
    expect(service('commands').ports).toContainEqual({ published: 3000, target: 3000 });
    expect(service('queries').ports).toContainEqual({ published: 3001, target: 3000 });
  });

  it('runs no service as root and hardens the app containers', () => {
    for (const definition of Object.values(services)) expect(['root', '0']).not.toContain(definition.user);
    for (const name of ['migrate', ...ROLES]) {
      expect(service(name).read_only).toBe(true);
      expect(service(name).cap_drop).toEqual(['ALL']);
    }
  });

  it('uses the Compose Specification (no obsolete top-level version)', () => {
    expect(parse(readFileSync(composeFile, 'utf8'))).not.toHaveProperty('version');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1] ?? '';

  it('builds in one stage and ships only production dependencies and dist/ in the last', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/RUN npm ci\b/);
    expect(stages[0]).toMatch(/RUN npm run build/);
    expect(runtime).toMatch(/^\S+ AS runtime/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist/);
  });

  it('runs as a non-root user', () => {
    const users = [...runtime.matchAll(/^USER\s+(\S+)/gm)].map((match) => match[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users[users.length - 1]);
  });

  it('declares a HEALTHCHECK on /healthz at the configured port', () => {
    const healthcheck = /^HEALTHCHECK[\s\S]*?CMD (.*)$/m.exec(runtime);
    expect(healthcheck?.[1]).toContain('/healthz');
    expect(healthcheck?.[1]).toContain('process.env.PORT');
  });
});
