import type { MessageCatalog } from './catalog';

/** The notices in Kazakh. */
export const kk: MessageCatalog = {
  datePattern: 'DD.MM.YYYY',
  greeting: 'Сәлеметсіз бе!',
  footer: ['Бұл автоматты хабарлама, оған жауап берудің қажеті жоқ.'],
  templates: {
    appeal_registered: {
      subject: '{{registrationNumber}} өтініші тіркелді',
      body: [
        'Сіздің өтінішіңіз {{registeredOn}} күні {{registrationNumber}} нөмірімен тіркелді.',
        'Бақылау коды: {{trackingCode}}. Нөмір мен осы код арқылы істі тіркелгісіз қадағалауға болады; кодты ешкімге айтпаңыз.',
        'Жауап {{dueOn}} кешіктірілмей берілуі тиіс.',
        'Қарау барысы: {{caseUrl}}',
      ],
      sms: [
        '{{registrationNumber}} өтініші тіркелді, жауап мерзімі {{dueOn}}.',
        'Бақылау коды: {{trackingCode}}.',
      ],
    },
    appeal_forwarded: {
      subject: '{{registrationNumber}} өтініші құзыреті бойынша жіберілді',
      body: [
        'Сіздің {{registrationNumber}} өтінішіңіз құзыреті бойынша жіберілді: {{toAgency}}.',
        'Бұл орган өтінішті өз мерзімінде қарайды: жауап {{newDueOn}} кешіктірілмей беріледі.',
        'Сіздің {{registrationNumber}} өтінішіңіздің бір бөлігі ({{part}}) құзыреті бойынша жіберілді: {{partTo}}. Бұл орган оны жеке өтініш ретінде өз мерзімінде қарайды; қалған бөлігін бұрынғы орган қарайды.',
        'Себебі: {{reason}}',
        'Қарау барысы: {{caseUrl}}',
      ],
      sms: [
        '{{registrationNumber}} өтініші құзыреті бойынша жіберілді: {{toAgency}}.',
        '{{registrationNumber}} өтінішінің бір бөлігі құзыреті бойынша жіберілді: {{partTo}}.',
      ],
    },
    deadline_extended: {
      subject: '{{registrationNumber}} өтінішін қарау мерзімі ұзартылды',
      body: [
        'Сіздің {{registrationNumber}} өтінішіңізді қарау мерзімі {{newDueOn}} дейін ұзартылды (бұрынғы мерзім — {{previousDueOn}}).',
        'Негізі: {{reason}}',
        'Қарау барысы: {{caseUrl}}',
      ],
      sms: ['{{registrationNumber}} өтініші бойынша мерзім {{newDueOn}} дейін ұзартылды.'],
    },
    answer_sent: {
      subject: '{{registrationNumber}} өтінішіне жауап',
      body: [
        'Сіздің {{registrationNumber}} өтінішіңізге жауап берілді. Оны іс бетінде оқуға болады: {{caseUrl}}',
        'Жауаппен келіспесеңіз, оған {{complaintUntil}} дейін шағым беруге болады.',
      ],
      sms: ['{{registrationNumber}} өтінішіне жауап берілді: {{caseUrl}}'],
    },
    appeal_deemed_refused: {
      subject: '{{registrationNumber}} өтініші: жауап мерзімі өтті',
      body: [
        'Сіздің {{registrationNumber}} өтінішіңізді қарау мерзімі {{dueOn}} өтті, ал жауап жоқ.',
        'Заң бойынша мерзім өткеннен кейін жауаптың болмауы бас тарту деп есептеледі.',
        'Оған жоғары тұрған органға шағым беруге болады: іс бетіндегі «Шағым беру» батырмасы {{caseUrl}}',
      ],
      sms: [
        '{{registrationNumber}} өтініші бойынша жауап мерзімі {{dueOn}} өтті: бұл бас тарту деп есептеледі, оған шағым беруге болады.',
      ],
    },
  },
};
