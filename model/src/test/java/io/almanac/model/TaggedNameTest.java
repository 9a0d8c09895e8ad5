package io.almanac.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TaggedNameTest {
  @Test
  void readsTheBaseAndTheTags() {
    TaggedName n = TaggedName.parse("almanac.check.up;check=nn-rpc;target=nn1:8020");
    assertThat(n.base()).isEqualTo("almanac.check.up");
    assertThat(n.tags())
        .containsExactly(Map.entry("check", "nn-rpc"), Map.entry("target", "nn1:8020"));
    assertThat(n.isTagged()).isTrue();
  }

  @Test
  void aValueMayHoldEqualsSigns() {
    assertThat(TaggedName.parse("web.up;url=http://h/x?a=b").tags())
        .containsEntry("url", "http://h/x?a=b");
  }

  @Test
  void namesNotInTheTaggedFormAreTakenWhole() {
    for (String plain :
        new String[] {
          "cpu_user",
          ";a=b",
          "x;",
          "x;a",
          "x;a=",
          "x;=b",
          "x;a-b=c",
          "x;__name__=y",
          "x;a=b;;c=d",
          "x;1a=b"
        }) {
      TaggedName n = TaggedName.parse(plain);
      assertThat(n.base()).as(plain).isEqualTo(plain);
      assertThat(n.tags()).as(plain).isEmpty();
    }
  }

  @Test
  void formatsWhatParseReads() {
    TreeMap<String, String> tags = new TreeMap<>(Map.of("target", "a;b", "check", "c"));
    String stored = TaggedName.format("m", tags);
    assertThat(stored).isEqualTo("m;check=c;target=a_b");
    assertThat(TaggedName.parse(stored).tags()).containsEntry("target", "a_b");
    assertThat(TaggedName.format("m", new TreeMap<>())).isEqualTo("m");
  }
}
