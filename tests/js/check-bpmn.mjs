// Reads each BPMN file named on the command line with bpmn-moddle, the
// model library of bpmn.io and the Camunda Modeler, and fails (exit 1) on
// any error or warning: unknown elements or attributes, unresolved
// references, bad XML. Prints one JSON line per file with what it counted,
// so that the Rust test can compare the counts with the workflow.
import { readFile } from 'node:fs/promises';
import BpmnModdle from 'bpmn-moddle';

const moddle = new BpmnModdle();
let failed = false;
for (const path of process.argv.slice(2)) {
  try {
    const xml = await readFile(path, 'utf8');
    const { rootElement, warnings } = await moddle.fromXML(xml);
    for (const w of warnings) {
      console.error(`${path}: warning: ${w.message}`);
      failed = true;
    }
    const processes = rootElement.rootElements.filter((e) => e.$type === 'bpmn:Process');
    const counts = processes.map((p) => {
      const of = (type) => (p.flowElements || []).filter((e) => e.$type === type).length;
      return {
        id: p.id,
        lanes: (p.laneSets || []).reduce((n, s) => n + (s.lanes || []).length, 0),
        tasks: of('bpmn:Task'),
        gateways: of('bpmn:ExclusiveGateway'),
        starts: of('bpmn:StartEvent'),
        ends: of('bpmn:EndEvent'),
        flows: of('bpmn:SequenceFlow'),
      };
    });
    const diagrams = (rootElement.diagrams || []).length;
    const shapes = rootElement.diagrams?.[0]?.plane?.planeElement?.length ?? 0;
    console.log(JSON.stringify({ file: path, processes: counts, diagrams, shapes }));
  } catch (e) {
    console.error(`${path}: error: ${e.message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
