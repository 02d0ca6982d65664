// Every test process talks to the machine's real Postgres and RabbitMQ; each test file isolates itself in
// a schema of its own (see database.ts) so files can run in parallel.
process.env.NODE_ENV ??= 'test';
process.env.LOG_LEVEL ??= 'silent';
process.env.TEST_DATABASE_URL ??=
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orderly_test';
process.env.RABBITMQ_URL ??= 'amqp://guest:guest@127.0.0.1:5672';
