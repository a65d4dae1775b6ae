import { writeExportCorpus } from './export-bench.ts';
writeExportCorpus(process.argv[2]!, Number(process.argv[3]));
