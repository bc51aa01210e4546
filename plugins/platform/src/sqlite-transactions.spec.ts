import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import Database from 'better-sqlite3';
import { RequestContext, TransactionalConnection } from '@vendure/core';
import { TransactionWrapper } from '@vendure/core/dist/connection/transaction-wrapper';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { serializeSqliteTransactions } from './sqlite-transactions';

@Entity()
class Note {
    @PrimaryGeneratedColumn()
    id!: number;

    @Column()
    text!: string;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// Vendure's real TransactionalConnection and TransactionWrapper on a real SQLite file, with work that
// waits on timers inside its transactions — as a request does when it writes a file or calls out.
describe('SQLite transactions, one at a time per process', () => {
    let dir: string;
    let dataSource: DataSource;
    let connection: TransactionalConnection;

    beforeAll(async () => {
        serializeSqliteTransactions();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eos-sqlite-tx-'));
        dataSource = new DataSource({
            type: 'better-sqlite3',
            database: path.join(dir, 'notes.sqlite'),
            entities: [Note],
            synchronize: true,
            enableWAL: true,
            timeout: 2000,
        });
        await dataSource.initialize();
        connection = new TransactionalConnection(dataSource, new TransactionWrapper(), { authOptions: {} } as never);
    });

    afterAll(async () => {
        await dataSource?.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(async () => {
        await dataSource.getRepository(Note).clear();
    });

    /** What another connection to the file reads: only what was really committed. */
    function committedNotes(): string[] {
        const db = new Database(path.join(dir, 'notes.sqlite'), { readonly: true });
        try {
            return (db.prepare('SELECT text FROM note ORDER BY text').all() as Array<{ text: string }>).map(r => r.text);
        } finally {
            db.close();
        }
    }

    function expectNoTransactionLeftOpen() {
        const runner = (dataSource.driver as unknown as { queryRunner: { isTransactionActive: boolean; transactionDepth: number } })
            .queryRunner;
        expect({ active: runner.isTransactionActive, depth: runner.transactionDepth }).toEqual({ active: false, depth: 0 });
        // Another connection can write: nothing holds the file's write lock.
        const db = new Database(path.join(dir, 'notes.sqlite'), { timeout: 500 });
        try {
            db.exec('BEGIN IMMEDIATE; ROLLBACK;');
        } finally {
            db.close();
        }
    }

    const write = (ctx: RequestContext, text: string) => connection.getRepository(ctx, Note).insert({ text });

    it('many requests at once, a third of them failing half-way: exactly the successful ones are committed', async () => {
        // A fixed pseudo-random schedule: transactions start, wait and end at overlapping moments.
        let seed = 7;
        const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const runs = Array.from({ length: 30 }, (_, i) => ({ i, startAfter: random() * 40, holdFor: random() * 15, fails: i % 3 === 1 }));
        const outcomes = await Promise.all(
            runs.map(async run => {
                await sleep(run.startAfter);
                try {
                    await connection.withTransaction(RequestContext.empty(), async ctx => {
                        await write(ctx, `run ${run.i} a`);
                        await sleep(run.holdFor);
                        await write(ctx, `run ${run.i} b`);
                        if (run.fails) throw new Error(`run ${run.i} fails`);
                    });
                    return { ...run, ok: true };
                } catch {
                    return { ...run, ok: false };
                }
            }),
        );
        expect(outcomes.map(o => o.ok)).toEqual(runs.map(r => !r.fails));
        const expected = runs.filter(r => !r.fails).flatMap(r => [`run ${r.i} a`, `run ${r.i} b`]);
        expect(committedNotes()).toEqual(expected.sort());
        expectNoTransactionLeftOpen();
    });

    it('a transaction inside another — by its context or only by being called from it — is nested, not queued behind it', async () => {
        await connection.withTransaction(RequestContext.empty(), async outer => {
            await write(outer, 'outer');
            // Nested by context: its failure rolls back only its own part.
            await connection
                .withTransaction(outer, async inner => {
                    await write(inner, 'inner, rolled back');
                    throw new Error('inner fails');
                })
                .catch(() => undefined);
            // Called from inside with a fresh context (as code building its own RequestContext does):
            // part of the outer transaction, not waiting for it to end (which would never happen).
            await connection.withTransaction(RequestContext.empty(), async inner => {
                await sleep(5);
                await write(inner, 'inner, kept');
            });
            // TypeORM's own transaction of a save() from inside joins the outer one as well.
            await dataSource.getRepository(Note).save({ text: 'saved inside' });
        });
        expect(committedNotes()).toEqual(['inner, kept', 'outer', 'saved inside']);
        expectNoTransactionLeftOpen();
    });

    it("TypeORM's own transactions (a save() outside any) take their turn beside Vendure's", async () => {
        const vendure = Array.from({ length: 10 }, (_, i) =>
            connection.withTransaction(RequestContext.empty(), async ctx => {
                await write(ctx, `vendure ${i}`);
                await sleep(3);
                if (i % 2) throw new Error('fails');
            }),
        );
        const own = Array.from({ length: 10 }, (_, i) =>
            sleep(i * 2).then(() => dataSource.getRepository(Note).save({ text: `save ${i}` })),
        );
        const results = await Promise.allSettled([...vendure, ...own]);
        expect(results.filter(r => r.status === 'rejected')).toHaveLength(5);
        expect(committedNotes()).toEqual(
            [...[0, 2, 4, 6, 8].map(i => `vendure ${i}`), ...Array.from({ length: 10 }, (_, i) => `save ${i}`)].sort(),
        );
        expectNoTransactionLeftOpen();
    });
});
