export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/**
 * Log lines on stdout (errors on stderr): `[sync] message key=value …`, or one JSON object per line
 * (`{"time","level","logger":"sync","msg",…}`) for log shippers.
 */
export function createLogger(format: 'json' | 'text', write = (level: LogLevel, line: string) => defaultWrite(level, line)): Logger {
    return (level, message, fields = {}) => {
        if (level === 'debug' && !process.env.SYNC_DEBUG) return;
        if (format === 'json') {
            write(level, JSON.stringify({ time: new Date().toISOString(), level, logger: 'sync', msg: message, ...fields }));
            return;
        }
        const extra = Object.entries(fields)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
            .join(' ');
        write(level, `[sync]${level === 'info' ? '' : ` ${level.toUpperCase()}`} ${message}${extra ? ` ${extra}` : ''}`);
    };
}

function defaultWrite(level: LogLevel, line: string): void {
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}
