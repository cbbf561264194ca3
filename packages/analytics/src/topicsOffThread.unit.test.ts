import { findTopics, type TopicDocument, type TopicsResult } from './topics';
import { createTopicsFinder, type TopicsFinder } from './topicsOffThread';

// The topics off the event loop: the same answer as findTopics, given after the caller's event loop has turned
// (the clustering ran elsewhere), and a worker that stops refuses what it held and is replaced at the next question.

const THEMES = [
  ['отопление', 'батареи', 'холодно'],
  ['дорога', 'яма', 'ремонт'],
  ['школа', 'учитель', 'класс'],
];
const month = (prefix: string, n: number): TopicDocument[] =>
  Array.from({ length: n }, (_, i) => {
    const theme = THEMES[i % THEMES.length]!;
    return {
      id: `${prefix}-${i}`,
      language: 'ru' as const,
      text: `${theme[i % 3]} ${theme[(i + 1) % 3]} ${['во дворе', 'в доме', 'на улице'][i % 3]}`,
      categoryId: `c${i % 3}`,
    };
  });
const current = month('now', 240);
const previous = month('before', 120);
const options = { exposure: { current: 30, previous: 31 } };
/** The answer with its assignments as pairs (a Map cloned from a worker is of another realm than jest's) */
const plain = (r: TopicsResult) => ({ ...r, assignments: [...r.assignments] });

/** Whether the caller's event loop ran a turn (a setImmediate) before the answer came. */
async function turnedBeforeAnswer(finder: TopicsFinder) {
  let turned = false;
  setImmediate(() => (turned = true));
  const result = await finder.find(current, previous, options);
  return { turned, result };
}

describe('topics off the event loop', () => {
  let finder: TopicsFinder;
  afterEach(() => finder.close());

  it('answers what findTopics answers, from a worker thread, after the event loop turned', async () => {
    finder = createTopicsFinder();
    expect(finder.where).toBe('worker thread');
    const { turned, result } = await turnedBeforeAnswer(finder);
    expect(turned).toBe(true);
    expect(plain(result)).toEqual(plain(findTopics(current, previous, options)));
    expect(result.topics.length).toBeGreaterThan(1);
  });

  it('runs on the event loop when told to (or when the build has no worker), answering at once', async () => {
    finder = createTopicsFinder({ thread: false });
    expect(finder.where).toBe('event loop');
    const { turned, result } = await turnedBeforeAnswer(finder);
    expect(turned).toBe(false); // the control: computed in the call, before the loop could turn
    expect(plain(result)).toEqual(plain(findTopics(current, previous, options)));
  });

  it('refuses the questions a stopped worker held, and starts a new one for the next', async () => {
    finder = createTopicsFinder();
    const held = finder.find(current, previous, options);
    await finder.close();
    await expect(held).rejects.toThrow('the topics worker stopped');
    const again = await finder.find(current.slice(0, 60), [], options);
    expect(again.languages[0]?.documents).toBe(60);
  });

  it('answers questions asked together, each its own', async () => {
    finder = createTopicsFinder();
    const sizes = [30, 90, 150];
    const answers = await Promise.all(sizes.map((n) => finder.find(current.slice(0, n), [], options)));
    expect(answers.map((a) => a.languages[0]?.documents)).toEqual(sizes);
  });
});
