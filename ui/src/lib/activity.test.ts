import { get } from 'svelte/store';
import { format } from 'svelte-i18n';
import { describe, expect, it } from 'vitest';
import { describeActivity } from './activity';
import type { Formatter } from './errors';
import { setLanguage } from './i18n';
import type { ActivityAction, ActivityEntry } from './types';

function entry(over: Partial<ActivityEntry>): ActivityEntry {
  return { at: 1_800_000_000, action: 'present', doc_type: 'health_insurance', fields: [], counterpart: null, result: 'ok', ...over };
}

const say = (e: ActivityEntry, lang: 'en' | 'vi' = 'en') => {
  setLanguage(lang);
  return describeActivity(e, get(format) as Formatter, lang);
};

describe('activity sentences', () => {
  it('says what was shown, which fields, and to whom', () => {
    const shown = entry({ fields: ['full_name', 'date_of_birth', 'insurance_number'], counterpart: 'counter' });
    expect(say(shown)).toBe('You showed your health insurance card to the counter: full name, date of birth and insurance number.');
    expect(say(shown, 'vi')).toBe('Bạn đã xuất trình thẻ bảo hiểm y tế cho quầy tiếp nhận: họ và tên, ngày sinh và mã thẻ BHYT.');
  });

  it('names the service a share went to, and keeps capitals like ID', () => {
    expect(say(entry({ action: 'share', doc_type: 'citizen_id_card', fields: ['id_number'], counterpart: 'Ngân hàng ABC' }))).toBe(
      'You sent your citizen ID card to Ngân hàng ABC: ID number.',
    );
  });

  it('gives a check’s result in words', () => {
    expect(say(entry({ action: 'verify', result: 'ok' }))).toBe('You checked a health insurance card. It is genuine.');
    expect(say(entry({ action: 'verify', result: 'revoked' }))).toBe(
      'You checked a health insurance card. The issuing office has revoked this document.',
    );
    expect(say(entry({ action: 'verify', result: 'ok' }), 'vi')).toBe('Bạn đã kiểm tra thẻ bảo hiểm y tế. Giấy tờ hợp lệ.');
  });

  it('describes receiving and restoring', () => {
    expect(say(entry({ action: 'receive', doc_type: 'driving_licence' }))).toBe('You received a new document: driving licence.');
    expect(say(entry({ action: 'restore', doc_type: null }), 'vi')).toBe('Bạn đã khôi phục ví từ bản sao lưu.');
  });

  it('says who looked at the citizen’s data on the portal', () => {
    const opened = entry({ action: 'accessed', doc_type: 'temporary_residence', counterpart: 'officer', result: 'opened_application' });
    expect(say(opened)).toBe('An officer opened your application: temporary residence registration.');
    expect(say(opened, 'vi')).toMatch(/^Cán bộ đã mở hồ sơ của bạn: /);
    const received = entry({ action: 'accessed', counterpart: 'Khách sạn Mẫu', result: 'received_share' });
    expect(say(received)).toBe('Khách sạn Mẫu received what you shared from your health insurance card.');
    expect(say(entry({ action: 'accessed', doc_type: null, counterpart: 'officer', result: 'looked_up_account' }), 'vi')).toBe(
      'Cán bộ đã tra cứu tài khoản và giấy tờ của bạn.',
    );
  });

  it('still says something for an action it does not know', () => {
    expect(say(entry({ action: 'teleport' as ActivityAction }))).toBe('teleport: health insurance card');
  });
});
