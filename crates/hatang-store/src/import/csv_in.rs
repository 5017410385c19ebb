//! Reading a CSV file as a spreadsheet writes it: an optional UTF-8 BOM,
//! `,`, `;` or tab between fields (sniffed from the header line), CRLF or
//! LF, quoted fields with embedded newlines. Never panics: any byte
//! sequence gives records or problems.

/// One record with the row number a spreadsheet shows for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CsvRecord {
    /// 1-based row (the header is row 1 when it is the first line).
    pub row: usize,
    /// The fields; `None` for a field that is not valid UTF-8.
    pub fields: Vec<Option<String>>,
}

/// A CSV file read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CsvFile {
    /// The field separator found.
    pub delimiter: u8,
    /// Every non-empty record, the header among them.
    pub records: Vec<CsvRecord>,
}

/// Why a file could not be read at all.
pub(crate) fn read(bytes: &[u8]) -> Result<CsvFile, String> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(
            "the file is UTF-16: save it as \"CSV UTF-8\" (comma or semicolon separated)".into(),
        );
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let delimiter = sniff(bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut records = Vec::new();
    // Lines taken by newlines inside quoted fields so far: a spreadsheet
    // shows such a record as one row.
    let mut inner_lines = 0usize;
    let (mut newlines, mut counted_to) = (0usize, 0usize);
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e
                    .position()
                    .map_or(records.len() + 1, |p| p.line() as usize);
                return Err(format!("row {row}: unreadable CSV: {e}"));
            }
        }
        // The line the record starts on, from its byte offset (the reader
        // may start a record on the line end of the previous one).
        let mut start = rec
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            newlines += bytes[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted_to = start;
        }
        let row = (newlines + 1).saturating_sub(inner_lines).max(1);
        inner_lines += rec
            .iter()
            .map(|f| f.iter().filter(|&&b| b == b'\n').count())
            .sum::<usize>();
        if rec
            .iter()
            .all(|f| f.iter().all(|b| b.is_ascii_whitespace()))
        {
            continue;
        }
        let fields = rec
            .iter()
            .map(|f| std::str::from_utf8(f).ok().map(str::to_string))
            .collect();
        records.push(CsvRecord { row, fields });
    }
    Ok(CsvFile { delimiter, records })
}

/// The separator of the first line: the most frequent of `;`, `,` and tab
/// outside quotes (`,` when none).
fn sniff(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_spreadsheet_export() {
        let f = read(b"\xef\xbb\xbfa;b\r\n1,5;\"x\r\ny\"\r\n\r\n2;z\r\n").unwrap();
        assert_eq!(f.delimiter, b';');
        let rows: Vec<usize> = f.records.iter().map(|r| r.row).collect();
        // header row 1, a record spanning two lines is row 2, a blank row 3, then row 4
        assert_eq!(rows, [1, 2, 4]);
        assert_eq!(f.records[1].fields[1].as_deref(), Some("x\r\ny"));
    }

    #[test]
    fn sniffs_commas_and_tabs() {
        assert_eq!(read(b"a,b\n1,2\n").unwrap().delimiter, b',');
        assert_eq!(read(b"a\tb\n1\t2\n").unwrap().delimiter, b'\t');
        assert_eq!(read(b"a\n1\n").unwrap().delimiter, b',');
    }

    #[test]
    fn refuses_utf16() {
        assert!(read(b"\xff\xfea\x00").is_err());
    }
}
