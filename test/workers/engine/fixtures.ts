/**
 * One typical spoken text per diagram type and language, written for these tests (the labelled
 * evaluation set in workers/engine/eval is measured separately by bench/diagram-eval.ts).
 */
import type { DiagramType, Language } from "../../../workers/engine/index";

export const REPRESENTATIVE: Record<DiagramType, Record<Language, string>> = {
  flow: {
    en: "Here's how to bake bread. First, mix the flour, water and yeast. Then knead the dough for ten minutes. Next, let it rise for an hour. After that, shape the loaf. Finally, bake it for forty minutes.",
    ja: "パンの焼き方を説明します。まず小麦粉と水とイーストを混ぜます。次に生地を十分ほどこねます。それから一時間ほど発酵させます。そのあと形を整えます。最後にオーブンで四十分焼きます。",
  },
  flowchart: {
    en: "Let me explain how we review a pull request. First we check whether the tests pass. If they fail, the author fixes them. If they pass, a reviewer reads the code. If the reviewer approves, we merge it. Otherwise the author revises the change.",
    ja: "プルリクエストの確認手順を説明します。まずテストが通るかどうかを確認します。失敗した場合は作成者が修正します。通った場合はレビュアーがコードを読みます。承認されればマージします。そうでなければ作成者が修正します。",
  },
  tree: {
    en: "Our product catalogue is divided into three categories. Hardware, software and services. Hardware includes laptops, phones and tablets. Software is split into office tools and games. Services consist of support and training.",
    ja: "商品カタログの構成を説明します。商品はハードウェア、ソフトウェア、サービスの三つに分類されます。ハードウェアにはノートパソコン、スマートフォン、タブレットが含まれます。ソフトウェアはオフィスツールとゲームに分かれています。サービスはサポートと研修で構成されています。",
  },
  timeline: {
    en: "Here is the history of our town. It was founded in 1850. In 1901 the railway arrived. In 1965 the new bridge opened. In 2010 the old market was restored.",
    ja: "町の歴史を振り返ります。1850年に町ができました。1901年に鉄道が開通しました。1965年に新しい橋ができました。2010年に古い市場が修復されました。",
  },
  matrix: {
    en: "We sort tasks on two axes: impact and effort. High impact and low effort tasks are quick wins. High impact but high effort tasks are major projects. Low impact and low effort tasks are fill-ins. Low impact but high effort tasks are a waste of time.",
    ja: "タスクを効果と手間の二つで整理します。効果が高くて手間が低いものはすぐやります。効果が高くて手間も高いものは計画を立てます。効果が低くて手間も低いものは空き時間にやります。効果が低くて手間が高いものはやりません。",
  },
  cycle: {
    en: "The sales cycle repeats every quarter. We find new leads. We qualify the leads. We make a proposal. We close the deal. Then we start over and find new leads again.",
    ja: "営業のサイクルを説明します。見込み客を探します。見込み客を評価します。提案をします。契約を結びます。そしてまた見込み客を探すところに戻り、これを繰り返します。",
  },
  comparison: {
    en: "Let's compare tea versus coffee. Tea has less caffeine, whereas coffee has more. Tea is gentle on the stomach. Coffee, on the other hand, is better for a quick boost.",
    ja: "紅茶とコーヒーの違いを比べます。紅茶はカフェインが少ないです。一方でコーヒーはカフェインが多いです。紅茶は胃にやさしいです。コーヒーは眠気覚ましに向いています。",
  },
  network: {
    en: "Our office network connects several devices. The router connects to the switch. The switch is linked to the printer and the server. The server connects to the backup disk. The laptop is connected to the router as well.",
    ja: "社内ネットワークの接続を説明します。ルーターはスイッチに接続しています。スイッチはプリンターとサーバーにつながっています。サーバーはバックアップディスクと接続しています。ノートパソコンもルーターにつながっています。",
  },
  conceptmap: {
    en: "Let me explain how exercise affects health. Exercise increases fitness. Fitness reduces stress. Stress causes poor sleep. Poor sleep leads to low energy.",
    ja: "運動と健康の関係を説明します。運動は体力を高めます。体力はストレスを減らします。ストレスは睡眠不足の原因になります。睡眠不足は疲労につながります。",
  },
  mindmap: {
    en: "Let's brainstorm ideas for the school festival. For food, we could sell crepes, curry or juice. For music, a band, a choir or a DJ. For games, a quiz, a maze and a photo booth.",
    ja: "文化祭のアイデアを出し合いましょう。食べ物なら、クレープ、カレー、ジュース。音楽なら、バンド、合唱、ダンス。ゲームなら、クイズ、迷路、写真ブース。",
  },
  general: {
    en: "Thanks everyone for a great week. The weather was lovely. I enjoyed talking with all of you. See you next time.",
    ja: "今週はありがとうございました。天気がとてもよかったです。皆さんと話せて楽しかったです。また会いましょう。",
  },
};
