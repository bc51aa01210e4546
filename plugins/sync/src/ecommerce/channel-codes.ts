import { DEFAULT_CHANNEL_CODE } from '@vendure/common/lib/shared-constants';

export function isDefaultChannelCode(code: string): boolean {
    return code === DEFAULT_CHANNEL_CODE;
}
