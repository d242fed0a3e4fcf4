/** Evidence files the task tests upload: the smallest PDF the server's content check accepts. */
const PDF_BODY = '%PDF-1.4\n1 0 obj<<>>endobj\n'
export const PDF = Buffer.from(`${PDF_BODY}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer<</Size 2>>\nstartxref\n${PDF_BODY.length}\n%%EOF\n`)
