import { docName } from '../../shared/index';
import { newWeighingItem, type TestServer } from './harness';
import { connectDoc, until, type controlClients } from './live-clients';

/**
 * A weegploeg opened by its chair, the police present, and `text` typed live into the item's analysis and stored:
 * personal content in the Yjs log of a file, for tests of where such content goes.
 */
export async function analysisTypedLive(
  server: TestServer,
  control: ReturnType<typeof controlClients>,
  subjectName: string,
  text: string,
) {
  const { meetingId, itemId, weighingFileId } = await newWeighingItem(server, subjectName);
  const chair = control.connect(await server.login('voorzitter'));
  const police = control.connect(await server.login('politie'));
  for (const socket of [chair, police]) await control.call(socket, 'meeting:join', { meetingId });
  await control.call(chair, 'chair:open', { meetingId });
  const analysisName = docName({ meetingId, itemId, compartment: 'analysis' });
  const analysis = connectDoc(server, await server.login('politie'), analysisName);
  await until(() => analysis.provider.synced, 'sync');
  analysis.doc.getText('analysis').insert(0, text);
  await server.app.live.store.drain();
  analysis.provider.destroy();
  return { meetingId, itemId, weighingFileId, chair, police, analysisName };
}
