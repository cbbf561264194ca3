import type { MessageCatalog } from './catalog';

/** The notices in Russian. */
export const ru: MessageCatalog = {
  datePattern: 'DD.MM.YYYY',
  greeting: 'Здравствуйте!',
  footer: ['Это автоматическое уведомление, отвечать на него не нужно.'],
  templates: {
    appeal_registered: {
      subject: 'Обращение {{registrationNumber}} зарегистрировано',
      body: [
        'Ваше обращение зарегистрировано {{registeredOn}} под номером {{registrationNumber}}.',
        'Код отслеживания: {{trackingCode}}. С номером и этим кодом можно следить за делом без учётной записи; никому его не сообщайте.',
        'Ответ должен быть дан не позднее {{dueOn}}.',
        'Ход рассмотрения: {{caseUrl}}',
      ],
      sms: [
        'Обращение {{registrationNumber}} зарегистрировано, ответ до {{dueOn}}.',
        'Код отслеживания: {{trackingCode}}.',
      ],
    },
    appeal_forwarded: {
      subject: 'Обращение {{registrationNumber}} направлено по компетенции',
      body: [
        'Ваше обращение {{registrationNumber}} направлено по компетенции: {{toAgency}}.',
        'Этот орган рассматривает обращение в собственный срок: ответ не позднее {{newDueOn}}.',
        'Часть вашего обращения {{registrationNumber}} ({{part}}) направлена по компетенции: {{partTo}}. Этот орган рассматривает её как отдельное обращение в собственный срок; остальное рассматривает прежний орган.',
        'Причина: {{reason}}',
        'Ход рассмотрения: {{caseUrl}}',
      ],
      sms: [
        'Обращение {{registrationNumber}} направлено по компетенции: {{toAgency}}.',
        'Часть обращения {{registrationNumber}} направлена по компетенции: {{partTo}}.',
      ],
    },
    deadline_extended: {
      subject: 'Срок рассмотрения обращения {{registrationNumber}} продлён',
      body: [
        'Срок рассмотрения вашего обращения {{registrationNumber}} продлён до {{newDueOn}} (прежний срок — {{previousDueOn}}).',
        'Основание: {{reason}}',
        'Ход рассмотрения: {{caseUrl}}',
      ],
      sms: ['Срок по обращению {{registrationNumber}} продлён до {{newDueOn}}.'],
    },
    answer_sent: {
      subject: 'Ответ на обращение {{registrationNumber}}',
      body: [
        'На ваше обращение {{registrationNumber}} дан ответ. Он доступен на странице дела: {{caseUrl}}',
        'Если вы не согласны с ответом, вы можете обжаловать его до {{complaintUntil}}.',
      ],
      sms: ['На обращение {{registrationNumber}} дан ответ: {{caseUrl}}'],
    },
    appeal_deemed_refused: {
      subject: 'Обращение {{registrationNumber}}: срок ответа истёк',
      body: [
        'Срок рассмотрения вашего обращения {{registrationNumber}} истёк {{dueOn}}, а ответа нет.',
        'По закону отсутствие ответа по истечении срока считается отказом.',
        'Вы можете обжаловать его в вышестоящий орган: кнопка «Подать жалобу» на странице дела {{caseUrl}}',
      ],
      sms: [
        'Срок ответа по обращению {{registrationNumber}} истёк {{dueOn}}: это считается отказом, его можно обжаловать.',
      ],
    },
  },
};
