import { Injectable } from '@nestjs/common';
import { Channel, RequestContext, SessionService, TransactionalConnection, User } from '@vendure/core';
import { In } from 'typeorm';

import { DisabledChannels } from './disabled-channels';

/**
 * Turns a tenant's channel off and on, on either server. Off: every request carrying its channel
 * token gets 403, its administrators cannot log in, their open sessions end. Data stays.
 */
@Injectable()
export class TenantAccessService {
    constructor(
        private connection: TransactionalConnection,
        private sessionService: SessionService,
    ) {}

    /** @returns false when there is no channel with that code */
    async setChannelEnabled(ctx: RequestContext, channelCode: string, enabled: boolean, roleCodes: string[]): Promise<boolean> {
        const repo = this.connection.getRepository(ctx, Channel);
        const channel = await repo.findOne({ where: { code: channelCode } });
        if (!channel) return false;
        await repo.update({ id: channel.id }, { customFields: { eosDisabled: !enabled } });
        DisabledChannels.invalidate();
        if (!enabled && roleCodes.length) {
            const users = await this.connection.getRepository(ctx, User).find({ where: { roles: { code: In(roleCodes) } } });
            for (const user of users) await this.sessionService.deleteSessionsByUser(ctx, user);
        }
        return true;
    }
}
