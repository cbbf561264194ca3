// Function words of each language: they say nothing about what an appeal is about, so they are neither features nor
// top terms. Short hand-made lists (no package has Kazakh); content words a topic may hinge on stay out of them
// Negations ("нет", "жоқ", "no") are function words here too: "нет отопления" is about heating, and a subject line
// says "нет" of every kind of thing (they still show in examples).

const RU = `а в во на но и или да же ли бы не ни нет что чтобы как так это этот эта эти этого этой этом того тот та те
то к ко с со у о об обо от до по при про для без над под за из изо между через после перед около также тоже уже еще
ещё очень просим прошу просьба мы я вы он она они оно мне меня мой моя мои моего нам нас наш наша наши нашего вас
ваш ваша ваши его ее её их им ими ней нему него ним был была было были быть есть будет будут который которая которые
которого весь вся все всё всех свой своя свои своего сам сама само сами где когда тогда там тут здесь вот если чем
чтоб ли уважаемый уважаемые уважаемая просим сообщаю сообщаем также данный данная данные вопрос вопросу вопросом
обращение обращению обращения обращаюсь обращаемся г ул д кв`;

const KK = `жоқ емес және мен бен пен да де та те ма ме ба бе па пе ғой ғана әлі енді осы сол бұл ол олар біз мен сен сіз сіздер
біздің менің сенің сіздің оның олардың бізге маған оған бізді мені оны үшін туралы бойынша арқылы дейін кейін қарай
шейін соң бері сияқты секілді тағы да әр барлық бәрі кейбір өз өзі өзінің болып болды болады болатын еді екен еткен
етіп етеді және немесе не яғни себебі өйткені егер онда мұнда сонда қазір қайта сұраймын сұраймыз өтінемін өтінеміз
өтініш өтінішім құрметті мәселе мәселесі мәселесін жөнінде қатысты`;

const EN = `no not a an the and or but if then else of to in on at by for with without from into onto over under about
above below between through after before during this that these those it its is are was were be been being am do
does did doing have has had having i me my mine we us our ours you your yours he him his she her hers they them
their theirs what which who whom whose when where why how all any both each few more most other some such only own
same so than too very can will just should would could may might must shall please dear kindly request requesting
regarding concerning re as also there here`;

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));

export const STOPWORDS: Readonly<Record<'kk' | 'ru' | 'en', ReadonlySet<string>>> = {
  ru: words(RU),
  kk: words(KK),
  en: words(EN),
};
