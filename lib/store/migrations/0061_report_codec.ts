// Full reports are compressed with a preset dictionary from now on (lib/store/report-codec.ts);
// each row says how its body is compressed. Rows stored before have NULL: plain deflate-raw.
export default [`ALTER TABLE reports ADD COLUMN codec INTEGER`]
