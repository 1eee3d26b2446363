// The machine version written with every persisted snapshot; bump it with a migration in migrations.ts.
export const MACHINE_VERSION = 2;
