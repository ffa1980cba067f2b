import type { MessageKey, Message } from '../i18n.js';

/** Persian (right-to-left). Persian distinguishes `one` and `other`. */
export const fa: Record<Extract<MessageKey, `core.${string}`>, Message> = {
  'core.loading': 'در حال بارگذاری…',
  'core.retry': 'تلاش دوباره',
  'core.dismiss': 'بستن',
  'core.cancel': 'انصراف',
  'core.empty': 'هنوز چیزی اینجا نیست.',
  'core.error.title': 'در این بخش مشکلی پیش آمد.',
  'core.error.detail': 'بقیهٔ صفحه همچنان کار می‌کند. لطفاً کمی بعد دوباره تلاش کنید.',
  'core.offline': 'به اینترنت وصل نیستید. آنچه می‌نویسید نگه داشته می‌شود و وقتی دوباره وصل شدید، ارسال می‌شود.',
  'core.config.missing.title': 'این سرویس هنوز در این صفحه در دسترس نیست.',
  'core.config.missing.fix': 'برای تیم وب‌سایت: {fix}',
  'core.config.invalid.title': 'این سرویس در این صفحه درست تنظیم نشده است.',
  'core.storage.memoryOnly':
    'این مرورگر اجازه نمی‌دهد نوشتهٔ شما روی این دستگاه ذخیره شود. اگر صفحه را دوباره بارگذاری کنید یا ببندید، هر چه هنوز ارسال نشده است از بین می‌رود.',
  'core.outbox.pending': { one: '{count} مورد در انتظار ارسال', other: '{count} مورد در انتظار ارسال' },
  'core.outbox.sending': 'در حال ارسال…',
  'core.outbox.failed': 'هنوز ارسال نشده است. همچنان تلاش می‌کنیم.',
  'core.outbox.rejected': 'ارسال نشد: {reason}',
  'core.outbox.unauthorized': 'ارسال نشد: لطفاً دوباره وارد شوید. نوشتهٔ شما حفظ شده است.',
  'core.outbox.unavailable': 'ارسال نشد: این صفحه نتوانست به سامانهٔ بیمارستان وصل شود. نوشتهٔ شما اینجا حفظ شده است؛ لطفاً وقتی دوباره به اینترنت وصل شدید، باز هم تلاش کنید.',
  'core.draft.restored': 'نوشته‌ای را که هنوز نفرستاده بودید بازگرداندیم.',
  'core.error.prefix': 'خطا:',
};
