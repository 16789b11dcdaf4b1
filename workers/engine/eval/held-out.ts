/**
 * A held-out set, written after the detector's cues and weights were frozen and never used to
 * change them: two monologues per type (one Japanese, one English). Its agreement says how the
 * detector does on talk it was not developed against; the main set's figure is optimistic.
 */
import type { EvalCase } from "./eval-case";

export const HELD_OUT_CASES: EvalCase[] = [
  {
    id: "ho-en-flow-visa",
    language: "en",
    expected: "flow",
    text: "So renewing your residence card works like this. You book an appointment online at the immigration office. On the day, you take a number at the entrance. Then you hand in the form, your passport and the old card. After about two weeks you get a postcard. Finally you go back with the postcard and pick up the new card.",
  },
  {
    id: "ho-ja-flow-laundry",
    language: "ja",
    expected: "flow",
    text: "洗濯機の使い方を説明します。まず洗濯物をネットに入れて洗濯機に入れます。次に洗剤を決められた量だけ入れます。それからコースを選んでスタートボタンを押します。終わったらすぐに取り出して、最後にハンガーにかけて干します。",
  },
  {
    id: "ho-en-flowchart-refund",
    language: "en",
    expected: "flowchart",
    text: "When a customer asks for a refund, the first question is whether they bought it in the last fourteen days. If not, we politely say no. If they did, we check whether the item was used. If it wasn't used, we refund the full price. If it was, we offer store credit instead.",
  },
  {
    id: "ho-ja-flowchart-parking",
    language: "ja",
    expected: "flowchart",
    text: "駐車場の入口での判断です。まず定期券を持っているかを確認します。持っている場合はそのままゲートが開きます。持っていなければ、駐車券を発行します。満車のときは、係員が別の駐車場を案内します。",
  },
  {
    id: "ho-en-tree-library",
    language: "en",
    expected: "tree",
    text: "The library is organised into three floors of collections. The ground floor includes fiction and children's books. The first floor is divided into history, science and art. The top floor contains the archives and the study rooms.",
  },
  {
    id: "ho-ja-tree-school",
    language: "ja",
    expected: "tree",
    text: "うちの学校の部活動は、運動部と文化部の二つに分かれています。運動部にはサッカー部、野球部、テニス部があります。文化部には吹奏楽部、美術部、写真部が含まれます。",
  },
  {
    id: "ho-en-timeline-phone",
    language: "en",
    expected: "timeline",
    text: "Phones changed fast. In 1973 the first handheld mobile call was made. By 1992 people could send text messages. In 2000 phones got cameras. And in 2008 app stores opened, which changed everything.",
  },
  {
    id: "ho-ja-timeline-day",
    language: "ja",
    expected: "timeline",
    text: "明日の研修の流れです。9時に受付を開始します。10時から基調講演があります。12時にお昼休憩をとります。13時からグループワークを行い、17時に終了します。",
  },
  {
    id: "ho-en-matrix-market",
    language: "en",
    expected: "matrix",
    text: "We look at our products on two dimensions: market growth and market share. Products with high share in a growing market are our stars. High share but low growth products are cash cows. Low share in a fast-growing market means a question mark. And low share with low growth, those are the dogs we should drop.",
  },
  {
    id: "ho-ja-matrix-people",
    language: "ja",
    expected: "matrix",
    text: "採用の候補者を、スキルと意欲の二つで整理しました。スキルも意欲も高い人はすぐに採用します。スキルは高いけど意欲が低い人は面談で確認します。意欲は高いけどスキルが低い人は研修を前提に考えます。どちらも低い人は今回は見送ります。",
  },
  {
    id: "ho-en-cycle-compost",
    language: "en",
    expected: "cycle",
    text: "Composting is a loop. Kitchen scraps go into the bin. Worms and microbes break them down into compost. We spread the compost on the vegetable beds. The vegetables grow, we eat them, and the scraps go back into the bin again.",
  },
  {
    id: "ho-ja-cycle-moon",
    language: "ja",
    expected: "cycle",
    text: "月の満ち欠けについてです。新月から少しずつ光る部分が増えて、上弦の月になります。さらに満ちて満月になります。そこから欠けていって下弦の月になり、また新月に戻ります。これを約二十九日で繰り返しています。",
  },
  {
    id: "ho-en-comparison-cars",
    language: "en",
    expected: "comparison",
    text: "We're choosing between an electric car and a hybrid. The electric car is cheaper to run and very quiet, but charging takes time. The hybrid, on the other hand, fills up in minutes and has a longer range. Compared to the hybrid, the electric car costs more up front.",
  },
  {
    id: "ho-ja-comparison-work",
    language: "ja",
    expected: "comparison",
    text: "在宅勤務と出社の違いについて話します。在宅勤務は通勤時間がなくて、集中しやすいです。一方で出社すると、同僚とすぐに相談できます。在宅勤務は光熱費がかかりますが、出社は交通費がかかります。",
  },
  {
    id: "ho-en-network-friends",
    language: "en",
    expected: "network",
    text: "Here's how the neighbourhood shops are connected. The bakery buys flour from the mill. The mill is linked to the farm down the road. The café gets its bread from the bakery and its milk from the farm. And the farm sells eggs to the café as well.",
  },
  {
    id: "ho-ja-network-devices",
    language: "ja",
    expected: "network",
    text: "工場の機械のつながりを整理します。制御サーバーは三台のロボットと接続しています。ロボットはそれぞれセンサーとつながっています。センサーのデータは監視システムに送られます。監視システムは制御サーバーとも連携しています。",
  },
  {
    id: "ho-en-conceptmap-traffic",
    language: "en",
    expected: "conceptmap",
    text: "Let me explain what causes traffic jams in our city. More cars on the road increase congestion. Congestion slows down the buses. Slow buses push more people to drive, which adds even more cars. Road works also reduce the number of lanes and make congestion worse.",
  },
  {
    id: "ho-ja-conceptmap-diet",
    language: "ja",
    expected: "conceptmap",
    text: "食生活と健康の関係についてです。野菜を食べると食物繊維がとれて、腸の調子がよくなります。塩分のとりすぎは高血圧の原因になります。高血圧は心臓病のリスクを高めます。",
  },
  {
    id: "ho-en-mindmap-podcast",
    language: "en",
    expected: "mindmap",
    text: "Let's brainstorm the new podcast. Topics: local food, small businesses, maybe history. Guests: chefs, shop owners, the mayor if we're lucky. Format, hmm, thirty minutes, one guest per episode. Promotion: Instagram, the newsletter and posters in the cafés.",
  },
  {
    id: "ho-ja-mindmap-room",
    language: "ja",
    expected: "mindmap",
    text: "部屋の模様替えのアイデアを考えてみました。家具なら、ソファを小さくして、本棚を増やしたい。色は、白とグリーンを中心にしたいです。照明は、間接照明とスタンドライト。植物も、観葉植物をいくつか置きたいですね。",
  },
  {
    id: "ho-en-general-update",
    language: "en",
    expected: "general",
    text: "Quick update from my side. I finished the slides for Thursday. The client seemed happy with the draft. I'm a bit behind on emails, sorry about that. Let me know if you need anything.",
  },
  {
    id: "ho-ja-general-impression",
    language: "ja",
    expected: "general",
    text: "先日のイベント、参加してくださった皆さんありがとうございました。想像以上にたくさんの方が来てくれて驚きました。会場の雰囲気もとても温かかったです。また何かの形でお会いできればうれしいです。",
  },
];
