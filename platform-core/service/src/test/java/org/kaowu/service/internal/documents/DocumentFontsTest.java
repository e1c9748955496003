package org.kaowu.service.internal.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Parsed fonts are lent to one document at a time: given back, they go to the next document; no more pairs
 * are parsed than kept, the next document waits for one given back; a discarded pair frees its place; a
 * document that waited too long parses a pair of its own, not kept.
 */
class DocumentFontsTest {
    @Test
    void fontsGivenBackAreLentToTheNextDocument() throws Exception {
        DocumentFonts fonts = DocumentFonts.load(2, TimeUnit.SECONDS.toNanos(30));
        DocumentFonts.Parsed first = fonts.lend();
        DocumentFonts.Parsed second = fonts.lend();
        assertThat(second.cjk()).isNotSameAs(first.cjk());
        assertThat(first.kept()).isTrue();
        fonts.giveBack(first);
        assertThat(fonts.lend()).isSameAs(first);
    }

    @Test
    void noMorePairsThanKeptAreParsedTheNextDocumentWaitsForOneGivenBack() throws Exception {
        DocumentFonts fonts = DocumentFonts.load(1, TimeUnit.SECONDS.toNanos(30));
        DocumentFonts.Parsed only = fonts.lend();
        CompletableFuture<DocumentFonts.Parsed> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return fonts.lend();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(300);
        assertThat(waiting).as("no second pair parsed while one is kept and lent").isNotDone();
        fonts.giveBack(only);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isSameAs(only);
    }

    @Test
    void aDiscardedPairFreesItsPlace() throws Exception {
        DocumentFonts fonts = DocumentFonts.load(1, TimeUnit.SECONDS.toNanos(30));
        DocumentFonts.Parsed broken = fonts.lend();
        fonts.discard(broken);
        DocumentFonts.Parsed next = fonts.lend();
        assertThat(next).isNotSameAs(broken);
        assertThat(next.kept()).isTrue();
    }

    @Test
    void aDocumentThatWaitedTooLongParsesItsOwnNotKept() throws Exception {
        DocumentFonts fonts = DocumentFonts.load(1, TimeUnit.MILLISECONDS.toNanos(200));
        DocumentFonts.Parsed lent = fonts.lend();
        DocumentFonts.Parsed own = fonts.lend();
        assertThat(own).isNotSameAs(lent);
        assertThat(own.kept()).isFalse();
        fonts.giveBack(own);
        fonts.giveBack(lent);
        assertThat(fonts.lend()).as("only the kept pair comes back").isSameAs(lent);
        assertThat(fonts.lend().kept()).isFalse();
    }
}
