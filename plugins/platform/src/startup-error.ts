/**
 * An error that stops start-up with one line that says what is wrong and how to fix it.
 * Anything thrown during start-up that is not a StartupError is translated by
 * {@link describeStartupFailure} where we recognise it, so operators never get a wall of stack trace.
 */
export class StartupError extends Error {
    constructor(
        message: string,
        readonly hint?: string,
    ) {
        super(message);
        this.name = 'StartupError';
    }

    toLine(): string {
        return this.hint ? `${this.message} — ${this.hint}` : this.message;
    }
}

interface ErrorLike {
    code?: string;
    message?: string;
    errno?: number;
    address?: string;
    port?: number;
}

/** Turns any start-up failure into one readable line. */
export function describeStartupFailure(error: unknown): string {
    if (error instanceof StartupError) return error.toLine();
    const e = (error ?? {}) as ErrorLike;
    const message = e.message ?? String(error);
    switch (e.code) {
        case 'EADDRINUSE':
            return `Port ${e.port ?? ''} is already in use — stop the other process or choose another port.`;
        case 'ECONNREFUSED':
            return `connection refused by ${e.address ?? ''}:${e.port ?? ''}`;
        case '28P01':
        case '28000':
            return `PostgreSQL rejected the credentials: ${message} — check the user and password in the database URL.`;
        case '3D000':
            return `${message} — create the database first (createdb) or fix the name in the database URL.`;
        default:
            return message.split('\n')[0];
    }
}
