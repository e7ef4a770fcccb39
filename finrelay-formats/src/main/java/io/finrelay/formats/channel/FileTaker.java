package io.finrelay.formats.channel;

import java.nio.file.Path;
import java.util.List;

/**
 * What a channel ({@link DirectoryChannel}, {@link SftpChannel}) does with each complete file it finds:
 * takes it in, then says where the file goes: to the archive, or to the quarantine with the reason
 * written beside it. Bank files are taken by {@link InboundFileProcessor}; the server's supplier-invoice
 * intake takes e-invoices through the same channels.
 *
 * @param <R> what taking one file in answers
 */
public interface FileTaker<R> {

    /** Takes in one complete file (a local copy for SFTP); throwing leaves the file where it is, for the next poll. */
    R take(String name, Path file);

    /** The file's content hash (names a moved file whose name is taken already). */
    String sha256(R result);

    /** Why the file is refused, the lines of its {@code .reason.txt}; empty when it was taken in (archive). */
    List<String> refusal(R result);
}
