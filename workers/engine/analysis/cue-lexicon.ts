/**
 * The words speakers use to signal structure, with how strongly each one means it (1 =
 * unambiguous, lower = often means something else). English markers are lower-case word
 * sequences matched on whole words; Japanese markers are substrings. "relation" is a causal or
 * labelled link between concepts (concept map); "link" is a plain connection (network).
 */
import type { CueKind } from "./types";

export type Lexicon = Record<CueKind, Record<string, number>>;

export const ENGLISH_CUES: Lexicon = {
  sequence: {
    // biome-ignore lint/suspicious/noThenProperty: "then" is a spoken cue word here, not a thenable
    first: 0.6, firstly: 1, "first of all": 1, "the first thing": 0.8, "to start": 0.6, "start by": 1, "to begin": 0.8, then: 0.8,
    next: 0.8, "after that": 1, afterwards: 1, finally: 1, lastly: 1, secondly: 1, thirdly: 1, step: 0.8, steps: 0.8,
    once: 0.4, "followed by": 1, "and then": 0.5, "at the end": 0.5, "by the end": 0.5, "after the": 0.5, "goes like this": 0.8,
    "here's what happens": 0.8, "how to": 0.5, "this is how": 0.6, procedure: 0.8, "in order": 0.4,
  },
  condition: {
    if: 1, otherwise: 1, unless: 1, whether: 0.8, "in case": 0.8, "depending on": 0.8, when: 0.3, else: 0.8, "if not": 1,
    "or not": 0.5, yes: 0.5, decide: 0.5, decides: 0.5, decision: 0.6, checks: 0.3, check: 0.3, above: 0.3, below: 0.3,
  },
  hierarchy: {
    "consists of": 1, "made up of": 1, "composed of": 1, includes: 0.8, include: 0.6, including: 0.4, contains: 0.8,
    "divided into": 1, "split into": 1, "broken down into": 1, "grouped into": 1, "belongs to": 1, "types of": 0.8,
    "kinds of": 0.8, categories: 0.8, category: 0.6, classified: 1, families: 0.6, family: 0.5, under: 0.5, "main groups": 1,
    sections: 0.6, section: 0.4, "organised into": 1, "organized into": 1, covers: 0.5, subcategories: 1, hierarchy: 1,
    "come in": 0.4, divisions: 0.6, "structured": 0.6, "organisation chart": 1, "org chart": 1,
  },
  time: {
    history: 0.8, timeline: 1, schedule: 0.6, scheduled: 0.5, founded: 0.6, born: 0.5, era: 0.5, decade: 0.4,
    century: 0.5, since: 0.3, until: 0.3, "by the time": 0.5, "these days": 0.4, anniversary: 0.6,
  },
  comparison: {
    versus: 1, vs: 1, whereas: 1, "compared to": 1, "compared with": 1, compared: 0.8, compare: 0.8, "on the other hand": 1,
    "in contrast": 1, unlike: 0.8, difference: 1, differences: 1, "different from": 0.8, while: 0.3, than: 0.5,
    cheaper: 0.4, "more expensive": 0.4, faster: 0.3, slower: 0.3, better: 0.3, worse: 0.3, "trade-off": 0.8,
    "pros and cons": 1, pros: 0.8, cons: 0.8, upsides: 0.8, downsides: 0.8, drawbacks: 0.6, advantage: 0.6, advantages: 0.6, disadvantage: 0.6, disadvantages: 0.6, similar: 0.5,
    similarly: 0.5, "rather than": 0.6, cheapest: 0.4, "which is better": 1,
  },
  cycle: {
    cycle: 1, cycles: 1, loop: 1, repeat: 1, repeats: 1, repeated: 0.8, again: 0.6, "over and over": 1, "starts over": 1,
    "start over": 1, "back to": 0.6, "each time": 0.5, "next time": 0.5, "go back": 0.6, "goes back": 0.6, "begins again": 1,
    "all over again": 1, iteration: 0.8, iterate: 0.8, recurring: 0.8, "every month": 0.3, "every year": 0.3, "round and round": 1,
    spring: 0.35, summer: 0.35, autumn: 0.35, winter: 0.35,
  },
  relation: {
    causes: 1, cause: 0.8, caused: 0.8, "leads to": 1, "lead to": 1, "results in": 1, because: 0.5, affects: 1, affect: 0.8,
    influences: 1, increases: 0.8, increase: 0.6, reduces: 0.8, reduce: 0.6, raises: 0.6, lowers: 0.6, produces: 0.8,
    releases: 0.6, requires: 0.6, enables: 0.8, prevents: 0.8, "depends on": 1, triggers: 0.8, drives: 0.6, helps: 0.4,
    blocks: 0.6, improves: 0.8, slows: 0.6, "speeds up": 0.6, converts: 0.6, absorbs: 0.6, delays: 0.6, pushes: 0.5,
    "which means": 0.5, "in turn": 0.8, "is a kind of": 0.8, "is part of": 0.8, "are part of": 0.8,
    "refers to": 0.6, identifies: 0.5, relationship: 0.8, factors: 0.6, absorb: 0.6, release: 0.5, produce: 0.6, convert: 0.5,
    "turns into": 0.8, "turn into": 0.8, "take up": 0.4, "takes up": 0.4, powers: 0.6, fuels: 0.6,
  },
  link: {
    connects: 1, connected: 1, connect: 0.8, linked: 1, links: 0.8, "talks to": 1, "talk to": 0.8, communicates: 1,
    knows: 0.8, "works with": 0.8, network: 1, hub: 0.8, hubs: 0.8, route: 0.6, routes: 0.6, wired: 0.8,
    "listens to": 0.8, "writes to": 0.8, "reads from": 0.8, sends: 0.4, between: 0.4,
    "each other": 0.6,
  },
  brainstorm: {
    brainstorm: 1, ideas: 1, idea: 0.8, "central theme": 1, theme: 0.6, branch: 0.8, branches: 1, thoughts: 0.6,
    could: 0.3, maybe: 0.3, might: 0.2, "what about": 0.6, "how about": 0.6, options: 0.3, random: 0.5, "throw out": 0.6,
    "mind map": 1, "thinking about": 0.4, "think about": 0.3, "would be": 0.2, areas: 0.4,
  },
  matrix: {
    axis: 1, axes: 1, "two dimensions": 1, dimensions: 0.6, quadrant: 1, quadrants: 1, matrix: 1, grid: 0.6,
    "two questions": 0.6, neither: 0.6, swot: 1, strengths: 0.8, weaknesses: 0.8, threats: 0.6, "two by two": 1,
    "2x2": 1, "four boxes": 1, high: 0.3, low: 0.3,
  },
  remark: {
    announcement: 1, announcements: 1, "a few things": 0.6, notes: 0.6, "quick notes": 1, reminder: 0.6, reminders: 0.6, "thank you": 0.8, thanks: 0.6,
    "i think": 0.3, honestly: 0.3, overall: 0.4, recommend: 0.5, "welcome to": 0.5, "see you": 0.6, lovely: 0.3, enjoyed: 0.4,
  },
};

export const JAPANESE_CUES: Lexicon = {
  sequence: {
    まず: 0.8, 最初に: 1, はじめに: 1, 初めに: 1, 次に: 1, 続いて: 1, それから: 0.8, そして: 0.4, その後: 0.8, そのあと: 0.8,
    最後に: 1, 終わったら: 0.8, 手順: 1, 流れ: 0.6, ステップ: 0.8, 順番: 0.8, 工程: 0.8, 作り方: 0.8, やり方: 0.6,
    てから: 0.5,
  },
  condition: {
    場合: 1, もし: 1, なければ: 1, ならば: 1, なら: 0.6, であれば: 1, れば: 0.6, たら: 0.3, かどうか: 1, そうでなければ: 1,
    それ以外: 0.8, 以外は: 0.5, 以上: 0.3, 以内: 0.3, 未満: 0.3, 超え: 0.3, 判断: 0.6, 分岐: 1, 条件: 0.8, かを確認: 0.8, かを見: 0.8,
  },
  hierarchy: {
    の下に: 1, 下に: 0.5, 分類: 1, 種類: 0.8, 含む: 0.8, 含まれ: 1, 分かれ: 1, 分け: 0.6, 構成: 0.8, 属する: 1, 属して: 1,
    グループ: 0.6, 部門: 0.5, 階層: 1, 大きく分け: 1, 代表: 0.5, の中は: 0.6, の中には: 0.6, 一番上: 0.8, 組織: 0.6, 構造: 0.6,
  },
  time: { 歴史: 1, 振り返: 0.6, 予定: 0.5, スケジュール: 0.8, 年表: 1, 経歴: 0.8, 年度: 0.5, 行事: 0.3, },
  comparison: {
    一方: 1, 比べ: 1, 比較: 1, 違い: 1, 対して: 0.8, に対し: 0.8, より: 0.4, どちら: 0.8, 方が: 0.5, メリット: 0.8,
    デメリット: 0.8, 長所: 0.8, 短所: 0.8, 反対に: 0.6, ですが: 0.2, けど: 0.2, 重視: 0.4, 迷って: 0.3, 逆に: 0.4,
  },
  cycle: {
    繰り返: 1, 循環: 1, サイクル: 1, ループ: 1, また: 0.3, 再び: 0.6, 戻る: 0.6, 戻り: 0.6, 戻って: 0.6, 戻れ: 0.5,
    ぐるぐる: 1, 回って: 0.6, 一巡: 1, 元に: 0.5, 毎回: 0.4, からまた: 0.5, また次: 0.6, 春: 0.35, 夏: 0.35, 秋: 0.35, 冬: 0.35,
  },
  relation: {
    影響: 1, 関係: 0.8, 依存: 1, 原因: 1, 結果: 0.4, 引き起こ: 1, につながり: 0.8, につながる: 0.8, 増や: 0.6, 増え: 0.6,
    減ら: 0.6, 減る: 0.6, 下げ: 0.5, 上げ: 0.4, 高め: 0.6, 低下: 0.6, 促: 0.5, 防: 0.5, 妨げ: 0.8, 助け: 0.6, によって: 0.5,
    により: 0.5, 抑え: 0.6, ので: 0.3, 要因: 1, 働き: 0.4, 役割: 0.4, しくみ: 0.6, 仕組み: 0.6, 吸い上げ: 0.6, 取り込: 0.6,
    吸収: 0.8, 生み出: 0.8, 作り出: 0.8, つくり出: 0.8,
  },
  link: {
    つながって: 0.8, つながり: 0.6, 接続: 1, 連携: 1, 結ぶ: 0.6, 結ん: 0.6, やり取り: 0.8, 関わ: 0.5, 同じチーム: 0.6,
    一緒に: 0.3, 路線: 1, 拠点: 0.6, 経由: 0.8, の間: 0.4, ネットワーク: 1,
  },
  brainstorm: {
    アイデア: 1, 案: 0.5, 中心: 0.6, 枝: 0.8, テーマ: 0.6, 思いつく: 1, 思いついた: 1, ブレスト: 1, 出し合: 1, 挙げ: 0.6,
    かもしれ: 0.4, たい: 0.15, とか: 0.3, としては: 0.5, やりたい: 0.5,
  },
  matrix: {
    軸: 1, 象限: 1, 四つに分け: 1, "4つに分け": 1, SWOT: 1, 強み: 0.8, 弱み: 0.8, 脅威: 0.8, マトリクス: 1, マトリックス: 1,
    どちらでもない: 0.8, どちらも: 0.4, 右下: 0.6, 右上: 0.6, 左下: 0.6, 左上: 0.6, 二つで: 0.6, の二つ: 0.4, 四つに: 0.8,
    高くて: 0.3, 低くて: 0.3, 高いけど: 0.3, 低いけど: 0.3,
  },
  remark: {
    お知らせ: 1, 連絡事項: 1, 連絡があります: 1, ありがとう: 0.8, よろしくお願い: 0.8, 感想: 0.6, 印象: 0.4, 楽しかった: 0.4, 面白かった: 0.4,
    思います: 0.2, 気をつけて: 0.4, 反省: 0.5,
  },
};
