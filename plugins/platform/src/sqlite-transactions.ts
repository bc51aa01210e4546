import { AsyncLocalStorage } from 'node:async_hooks';

import { Logger, RequestContext } from '@vendure/core';
import { TransactionWrapper } from '@vendure/core/dist/connection/transaction-wrapper';
import type { DataSource } from 'typeorm';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';

const loggerCtx = 'SqliteTransactions';

/** One process's right to have a transaction open on its SQLite connection. */
interface Turn {
    readonly since: number;
}

/** How long a transaction may wait for its turn before it is refused (a deadlock, most likely). */
const GIVE_UP_AFTER_MS = 120_000;
const WARN_AFTER_MS = 15_000;

/**
 * Transactions on embedded SQLite, one at a time per process.
 *
 * TypeORM gives a process one SQLite connection and one query runner for everybody. Two requests'
 * transactions at once therefore share it: the second becomes a savepoint inside the first, a
 * failure in one rolls back what the other answered as saved, and — seen in CI — when one
 * transaction starts while another commits, TypeORM's `isTransactionActive` flag ends up false
 * with a transaction open, so Vendure never commits it: every later write of the process goes into
 * that transaction, the file stays write-locked, and all of it is lost when the process stops.
 *
 * So each transaction that is not nested in another waits for its turn (asynchronously: the event
 * loop keeps serving reads). Nested ones — Vendure passing a transaction's RequestContext on, or
 * anything called from inside the transaction — run in their parent's turn, as savepoints, as before.
 * Between processes (server and worker on one file) `BEGIN IMMEDIATE` makes the second one wait for
 * the write lock (up to the driver's busy timeout) instead of failing when it upgrades from reading.
 *
 * PostgreSQL gives each transaction its own connection and needs none of this.
 */
export function serializeSqliteTransactions(): void {
    if (installed) return;
    installed = true;
    patchQueryRunner();
    patchTransactionWrapper();
}

let installed = false;
/** The turn whose transaction may be open now. */
let holder: Turn | undefined;
/** Waiting for a turn, first come first served. */
const queue: Array<(turn: Turn) => void> = [];
/** The turn the code running now belongs to (follows awaits, timers and callbacks). */
const currentTurn = new AsyncLocalStorage<Turn>();
/** Set while Vendure's wrapper synchronously calls into TypeORM: whose turn it is, even where the async context was lost. */
let callingFor: Turn | undefined;
/** Marks a RequestContext as carrying a transaction of this turn (Vendure copies it with the context). */
const TURN_KEY = Symbol('eos-sqlite-turn');

function takeTurn(): Promise<Turn> | Turn {
    if (!holder) return (holder = { since: Date.now() });
    const waitingSince = Date.now();
    const waitedFor = holder;
    return new Promise<Turn>((resolve, reject) => {
        const grant = (turn: Turn) => {
            clearInterval(watchdog);
            resolve(turn);
        };
        const watchdog = setInterval(() => {
            const waited = Date.now() - waitingSince;
            if (waited < GIVE_UP_AFTER_MS) {
                Logger.warn(
                    `a transaction has waited ${Math.round(waited / 1000)} s for the one before it (open ${Math.round((Date.now() - waitedFor.since) / 1000)} s)`,
                    loggerCtx,
                );
                return;
            }
            clearInterval(watchdog);
            queue.splice(queue.indexOf(grant), 1);
            reject(
                new Error(
                    `SQLite: this transaction waited ${GIVE_UP_AFTER_MS / 1000} s for another transaction of this process to finish. ` +
                        'Something holds a transaction open while waiting for a new one (a deadlock); for concurrent work use PostgreSQL (DATABASE_URL).',
                ),
            );
        }, WARN_AFTER_MS);
        watchdog.unref();
        queue.push(grant);
    });
}

function passTurn(turn: Turn): void {
    if (holder !== turn) return;
    const next = queue.shift();
    holder = next ? { since: Date.now() } : undefined;
    if (next) next(holder!);
}

/** Whose turn the code calling now runs in, if it is the holder's. */
function callerHoldsTheTurn(ctx?: RequestContext): boolean {
    if (!holder) return false;
    const caller = callingFor ?? currentTurn.getStore() ?? (ctx as unknown as Record<symbol, Turn | undefined>)?.[TURN_KEY];
    return caller === holder;
}

type QueryRunnerInternals = BetterSqlite3QueryRunner & {
    transactionDepth: number;
    /** The turn this runner took for a transaction of TypeORM's own. */
    ownTurn?: Turn;
    /** Whether SQLite has a transaction open on the connection, whoever asks. */
    transactionOpen: boolean;
};

/**
 * TypeORM's own transactions (a repository's `save()` outside any transaction, `dataSource.transaction()`)
 * take a turn too, unless they run inside the holder's; and every transaction begins IMMEDIATE.
 */
function patchQueryRunner(): void {
    const proto = BetterSqlite3QueryRunner.prototype as unknown as QueryRunnerInternals & {
        query: (sql: string, ...rest: unknown[]) => Promise<unknown>;
    };
    // The originals, called with the runner as `this` below.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { query, startTransaction, commitTransaction, rollbackTransaction } = proto;
    // TypeORM's save() joins an open transaction instead of starting its own. Code outside the turn
    // must not join a stranger's transaction (its failure would undo the save), so to it none is
    // open, and it starts its own — which waits for its turn.
    Object.defineProperty(proto, 'isTransactionActive', {
        configurable: true,
        get(this: QueryRunnerInternals) {
            return this.transactionOpen && (!holder || holder === this.ownTurn || callerHoldsTheTurn());
        },
        set(this: QueryRunnerInternals, open: boolean) {
            this.transactionOpen = open;
        },
    });
    proto.query = function (this: unknown, sql: string, ...rest: unknown[]) {
        return query.call(this, sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest);
    };
    proto.startTransaction = async function (this: QueryRunnerInternals, ...args: Parameters<typeof startTransaction>) {
        if (callerHoldsTheTurn()) return startTransaction.apply(this, args);
        const turn = await takeTurn();
        this.ownTurn = turn;
        try {
            return await currentTurn.run(turn, () => startTransaction.apply(this, args));
        } catch (err) {
            if (this.transactionDepth === 0) endOwnTurn(this);
            throw err;
        }
    };
    proto.commitTransaction = async function (this: QueryRunnerInternals) {
        try {
            return await commitTransaction.call(this);
        } finally {
            if (this.transactionDepth === 0) endOwnTurn(this);
        }
    };
    proto.rollbackTransaction = async function (this: QueryRunnerInternals) {
        try {
            return await rollbackTransaction.call(this);
        } finally {
            if (this.transactionDepth === 0) endOwnTurn(this);
        }
    };
}

function endOwnTurn(runner: QueryRunnerInternals): void {
    const turn = runner.ownTurn;
    runner.ownTurn = undefined;
    if (turn) passTurn(turn);
}

/** Vendure's transactions (`@Transaction()`, `withTransaction`) take a turn for their whole run. */
function patchTransactionWrapper(): void {
    const proto = TransactionWrapper.prototype;
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const executeInTransaction = proto.executeInTransaction;
    proto.executeInTransaction = async function <T>(this: TransactionWrapper, ...args: Parameters<typeof executeInTransaction<T>>) {
        const [ctx, work, mode, isolationLevel, connection] = args;
        if (connection.options.type !== 'better-sqlite3') return executeInTransaction.apply(this, args) as Promise<T>;
        if (callerHoldsTheTurn(ctx)) return callInTurn(holder!, () => executeInTransaction.apply(this, args) as Promise<T>);
        const turn = await takeTurn();
        try {
            const tagged = ctx.copy();
            (tagged as unknown as Record<symbol, Turn>)[TURN_KEY] = turn;
            return await currentTurn.run(turn, () =>
                callInTurn(turn, () => executeInTransaction.call(this, tagged, work, mode, isolationLevel, connection) as Promise<T>),
            );
        } finally {
            await closeLeftoverTransaction(connection);
            passTurn(turn);
        }
    };
}

function callInTurn<T>(turn: Turn, call: () => Promise<T>): Promise<T> {
    const previous = callingFor;
    callingFor = turn;
    try {
        return call();
    } finally {
        callingFor = previous;
    }
}

/** A transaction still open when its turn ends would swallow every later write: roll it back, loudly. */
async function closeLeftoverTransaction(connection: DataSource): Promise<void> {
    const runner = (connection.driver as unknown as { queryRunner?: QueryRunnerInternals }).queryRunner;
    if (!runner || (runner.transactionDepth === 0 && !runner.transactionOpen)) return;
    Logger.error(`a transaction was left open (depth ${runner.transactionDepth}); rolling it back`, loggerCtx);
    try {
        await runner.query('ROLLBACK');
    } catch {
        // Nothing was open at the SQLite level after all.
    }
    runner.transactionDepth = 0;
    runner.isTransactionActive = false;
}
