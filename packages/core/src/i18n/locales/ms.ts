import type { MessageKey, Message } from '../i18n.js';

/** Bahasa Melayu. Malay has no grammatical plural: only `other`. */
export const ms: Record<Extract<MessageKey, `core.${string}`>, Message> = {
  'core.loading': 'Memuatkan…',
  'core.retry': 'Cuba lagi',
  'core.dismiss': 'Tutup',
  'core.cancel': 'Batal',
  'core.empty': 'Belum ada apa-apa di sini.',
  'core.error.title': 'Berlaku ralat di bahagian ini.',
  'core.error.detail': 'Bahagian lain halaman ini masih berfungsi. Sila cuba semula sebentar lagi.',
  'core.offline': 'Anda di luar talian. Apa yang anda tulis akan disimpan dan dihantar apabila anda kembali dalam talian.',
  'core.config.missing.title': 'Perkhidmatan ini belum tersedia di halaman ini.',
  'core.config.missing.fix': 'Untuk pasukan laman web: {fix}',
  'core.config.invalid.title': 'Perkhidmatan ini tidak disediakan dengan betul di halaman ini.',
  'core.storage.memoryOnly':
    'Pelayar ini tidak membenarkan kami menyimpan teks anda pada peranti ini. Apa-apa yang belum dihantar akan hilang jika anda memuat semula atau menutup halaman ini.',
  'core.outbox.pending': { other: '{count} item menunggu untuk dihantar' },
  'core.outbox.sending': 'Menghantar…',
  'core.outbox.failed': 'Belum dihantar. Kami akan terus mencuba.',
  'core.outbox.rejected': 'Tidak dihantar: {reason}',
  'core.outbox.unauthorized': 'Tidak dihantar: sila log masuk semula. Teks anda masih disimpan.',
  'core.outbox.unavailable': 'Tidak dihantar: halaman ini tidak dapat menghubungi hospital. Teks anda disimpan di sini; sila cuba lagi apabila anda kembali dalam talian.',
  'core.draft.restored': 'Kami telah memulihkan teks anda yang belum dihantar.',
  'core.error.prefix': 'Ralat:',
};
